import { describe, expect, it } from "vitest";
import { relayCoversWindow, sourceHealth, type SourceObservation } from "./source-health";

const BOUNDS = { probeIntervalMs: 15_000, silenceMs: 45_000 };
const NOW = 1_000_000;

function observed(changes: Partial<SourceObservation>): SourceObservation {
  return { syncedAt: NOW - 60_000, lastEventAt: null, lastProbeAt: NOW - 10_000, failure: null, ...changes };
}

describe("sourceHealth", () => {
  it("is in sync while a probe answered within the bound", () => {
    expect(sourceHealth("Pods", observed({}), BOUNDS, NOW)).toMatchObject({
      state: "in-sync",
      since: null,
      lastAliveAt: NOW - 10_000,
    });
  });

  it("is stalled since the last sign of life once neither events nor probe answers arrive", () => {
    const health = sourceHealth(
      "Pods",
      observed({ lastProbeAt: NOW - 50_000, lastEventAt: NOW - 55_000 }),
      BOUNDS,
      NOW,
    );
    expect(health).toMatchObject({ state: "stalled", since: NOW - 50_000 });
    expect(health.message).toBe("Pods stalled: no event and no probe answer for 50 s");
  });

  it("says 403 as no right to read the kind, and 401 as refused credentials", () => {
    const forbidden = sourceHealth(
      "CiliumNetworkPolicies",
      observed({ failure: { kind: "forbidden", since: NOW - 5_000, message: "403 Forbidden: nope" } }),
      BOUNDS,
      NOW,
    );
    expect(forbidden).toMatchObject({ state: "forbidden", since: NOW - 5_000 });
    expect(forbidden.message).toMatch(/^no right to read CiliumNetworkPolicies/);
    const unauthorized = sourceHealth(
      "Pods",
      observed({ failure: { kind: "unauthorized", since: NOW - 1, message: "401 Unauthorized" } }),
      BOUNDS,
      NOW,
    );
    expect(unauthorized.state).toBe("unauthorized");
  });

  it("dates an unavailable source from when its data was last known current", () => {
    const health = sourceHealth(
      "Pods",
      observed({ failure: { kind: "network", since: NOW - 2_000, message: "ECONNREFUSED" } }),
      BOUNDS,
      NOW,
    );
    expect(health).toMatchObject({ state: "unavailable", since: NOW - 10_000 });
    const never = sourceHealth(
      "Pods",
      observed({
        syncedAt: null,
        lastProbeAt: null,
        failure: { kind: "tls", since: NOW - 2_000, message: "x" },
      }),
      BOUNDS,
      NOW,
    );
    expect(never).toMatchObject({ state: "unavailable", since: NOW - 2_000, lastAliveAt: null });
  });

  it("is syncing before the first list, and absent for a CRD not installed", () => {
    expect(sourceHealth("Pods", observed({ syncedAt: null, lastProbeAt: null }), BOUNDS, NOW).state).toBe(
      "syncing",
    );
    expect(sourceHealth("CNPs", observed({ absent: true }), BOUNDS, NOW).state).toBe("absent");
  });
});

describe("relayCoversWindow", () => {
  const inSync = { state: "in-sync" as const };
  it("covers a window the stream saw whole", () => {
    expect(
      relayCoversWindow({ health: inSync, coveredSince: NOW - 20 * 60_000, gaps: [] }, NOW, 15 * 60_000),
    ).toBe(true);
  });
  it("does not cover a window begun before the stream, crossed by a gap, or while the relay is down", () => {
    expect(
      relayCoversWindow({ health: inSync, coveredSince: NOW - 60_000, gaps: [] }, NOW, 15 * 60_000),
    ).toBe(false);
    const gap = { from: NOW - 5 * 60_000, to: NOW - 4 * 60_000 };
    expect(relayCoversWindow({ health: inSync, coveredSince: 0, gaps: [gap] }, NOW, 15 * 60_000)).toBe(false);
    expect(relayCoversWindow({ health: inSync, coveredSince: 0, gaps: [gap] }, NOW, 3 * 60_000)).toBe(true);
    expect(
      relayCoversWindow({ health: { state: "unavailable" }, coveredSince: 0, gaps: [] }, NOW, 60_000),
    ).toBe(false);
  });
});
