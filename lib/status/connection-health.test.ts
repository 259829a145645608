import { describe, expect, it } from "vitest";
import { kubernetesHealth, hubbleHealth, withWatchdog } from "./connection-health";
import type { SourceHealth } from "./source-health";
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

describe("withWatchdog", () => {
  const alive = (state: SourceHealth["state"], lastAliveAt: number | null): SourceHealth => ({
    state,
    since: lastAliveAt,
    lastEventAt: null,
    lastProbeAt: lastAliveAt,
    lastAliveAt,
    message: `pods ${state}`,
  });
  it("turns a green pill stale when a source stalled, dated by its last sign of life", () => {
    const view = withWatchdog({ health: "ok", message: "in sync", lastGoodAt: 10 }, [alive("stalled", 70)]);
    expect(view).toEqual({ health: "stale", message: "pods stalled", lastGoodAt: 70 });
  });
  it("dates a stale pill by the last probe answer, not the last full list", () => {
    const view = withWatchdog({ health: "stale", message: "cached", lastGoodAt: 10 }, [
      alive("unavailable", 90),
      alive("in-sync", 100),
    ]);
    expect(view.lastGoodAt).toBe(90);
  });
  it("leaves a pill alone while every source is in sync", () => {
    const view = { health: "ok" as const, message: "in sync", lastGoodAt: 10 };
    expect(withWatchdog(view, [alive("in-sync", 100)])).toBe(view);
  });
});
