import { describe, expect, it } from "vitest";
import { kubernetesHealth, hubbleHealth } from "./connection-health";
import type { KindSyncView } from "@/lib/api/responses";

const synced = (kind: KindSyncView["kind"], at: number): KindSyncView => ({
  kind,
  state: "synced",
  lastSyncedAt: at,
  error: null,
  count: 1,
});

describe("kubernetesHealth", () => {
  it("is ok when every kind is synced, dated by the oldest sync", () => {
    const view = kubernetesHealth([synced("namespaces", 200), synced("pods", 100)]);
    expect(view).toEqual({ health: "ok", message: "in sync", lastGoodAt: 100 });
  });

  it("mentions CRDs the cluster does not have", () => {
    const view = kubernetesHealth([
      synced("namespaces", 100),
      { kind: "ciliumnetworkpolicies", state: "absent", lastSyncedAt: 100, error: null, count: 0 },
    ]);
    expect(view.health).toBe("ok");
    expect(view.message).toContain("not installed in the cluster: ciliumnetworkpolicies");
  });

  it("is stale when a kind that had synced now fails", () => {
    const view = kubernetesHealth([
      synced("namespaces", 100),
      { kind: "pods", state: "error", lastSyncedAt: 50, error: "connection refused", count: 3 },
    ]);
    expect(view).toEqual({
      health: "stale",
      message: "showing cached data; pods: connection refused",
      lastGoodAt: 50,
    });
  });

  it("is an error when a failing kind never synced", () => {
    const view = kubernetesHealth([
      { kind: "pods", state: "error", lastSyncedAt: null, error: "403 Forbidden", count: 0 },
    ]);
    expect(view.health).toBe("error");
    expect(view.message).toBe("pods: 403 Forbidden");
  });

  it("is pending while the first list runs", () => {
    const view = kubernetesHealth([
      { kind: "pods", state: "pending", lastSyncedAt: null, error: null, count: 0 },
    ]);
    expect(view.health).toBe("pending");
  });
});

describe("hubbleHealth", () => {
  it("is ok while streaming", () => {
    expect(
      hubbleHealth({ state: "streaming", connectedSince: 10, lastFlowAt: 20, lastError: null }).health,
    ).toBe("ok");
  });
  it("is stale after a break when flows had arrived", () => {
    const view = hubbleHealth({
      state: "error",
      connectedSince: null,
      lastFlowAt: 20,
      lastError: "UNAVAILABLE",
    });
    expect(view).toMatchObject({ health: "stale", lastGoodAt: 20 });
    expect(view.message).toContain("UNAVAILABLE");
  });
  it("is an error when nothing ever arrived", () => {
    expect(
      hubbleHealth({ state: "connecting", connectedSince: null, lastFlowAt: null, lastError: "refused" }),
    ).toEqual({
      health: "error",
      message: "refused",
      lastGoodAt: null,
    });
  });
});
