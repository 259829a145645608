import { describe, expect, it } from "vitest";
import { testFlow } from "@/lib/flows/testing/test-flow";
import { relayCovers } from "@/lib/status/source-health";
import { dropHistoryOf, dropRecovery, type DropHistory } from "./drop-recovery";

const NOW = Date.UTC(2026, 0, 1, 12);
const S = 1_000;
/** A relay that delivered every flow. */
const ALL_SEEN = () => true;

/** Drops every 20 s until `lastDropAgo` before NOW, the newest first. */
function everyTwentySeconds(lastDropAgo: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => NOW - lastDropAgo - i * 20 * S);
}

function history(lastDropAgo: number | null, lastLetThroughAgo: number | null): DropHistory {
  return {
    lastDropAt: lastDropAgo === null ? null : NOW - lastDropAgo,
    lastLetThroughAt: lastLetThroughAgo === null ? null : NOW - lastLetThroughAgo,
    recentDropTimes: lastDropAgo === null ? [] : everyTwentySeconds(lastDropAgo),
  };
}

describe("dropRecovery", () => {
  it("has nothing to say about a connection that never dropped in the window", () => {
    expect(dropRecovery(history(null, 5 * S), NOW, ALL_SEEN)).toEqual({ state: "no-drops" });
  });

  it("keeps a connection dropping while its last drop is within twice its usual gap", () => {
    // Drops 20 s apart, the last 30 s ago, a forwarded flow since: could be the next drop's pause.
    expect(dropRecovery(history(30 * S, 5 * S), NOW, ALL_SEEN)).toEqual({
      state: "dropping",
      lastDropAt: NOW - 30 * S,
    });
  });

  it("calls it recovered since the last drop once flows pass and the quiet outlasts the gap", () => {
    expect(dropRecovery(history(41 * S, 5 * S), NOW, ALL_SEEN)).toEqual({
      state: "recovered",
      since: NOW - 41 * S,
      evidence: "let-through",
    });
  });

  it("does not call an intermittent connection recovered between two of its drops", () => {
    // A connection that drops every 55 s and forwards every 30 s: forwarded since, 50 s quiet.
    const intermittent: DropHistory = {
      lastDropAt: NOW - 50 * S,
      lastLetThroughAt: NOW - 10 * S,
      recentDropTimes: [NOW - 50 * S, NOW - 105 * S, NOW - 160 * S],
    };
    expect(dropRecovery(intermittent, NOW, ALL_SEEN).state).toBe("dropping");
    expect(dropRecovery(intermittent, NOW + 61 * S, ALL_SEEN).state).toBe("recovered");
  });

  it("needs at least the minimum quiet after a single drop", () => {
    const single: DropHistory = {
      lastDropAt: NOW - 10 * S,
      lastLetThroughAt: NOW - 5 * S,
      recentDropTimes: [],
    };
    expect(dropRecovery(single, NOW, ALL_SEEN).state).toBe("dropping");
    expect(dropRecovery(single, NOW + 20 * S, ALL_SEEN)).toEqual({
      state: "recovered",
      since: NOW - 10 * S,
      evidence: "let-through",
    });
  });

  it("calls a connection recovered after five quiet minutes even without a flow let through", () => {
    expect(dropRecovery(history(4 * 60 * S, null), NOW, ALL_SEEN).state).toBe("dropping");
    expect(dropRecovery(history(5 * 60 * S, null), NOW, ALL_SEEN)).toEqual({
      state: "recovered",
      since: NOW - 5 * 60 * S,
      evidence: "quiet",
    });
  });

  it("takes a flow let through before the last drop as no evidence", () => {
    expect(dropRecovery(history(60 * S, 70 * S), NOW, ALL_SEEN).state).toBe("dropping");
  });
});

describe("dropHistoryOf", () => {
  it("joins edges: the newest drop and let-through of any, the drop samples' times", () => {
    const edges = [
      {
        lastSeenByVerdict: { DROPPED: NOW - 50 * S, FORWARDED: NOW - 60 * S },
        samples: [
          testFlow({ verdict: "DROPPED", time: NOW - 50 * S }),
          testFlow({ verdict: "FORWARDED", time: NOW - 60 * S }),
        ],
      },
      {
        lastSeenByVerdict: { AUDIT: NOW - 40 * S, REDIRECTED: NOW - 5 * S },
        samples: [testFlow({ verdict: "AUDIT", time: NOW - 40 * S })],
      },
    ];
    expect(dropHistoryOf(edges)).toEqual({
      lastDropAt: NOW - 40 * S,
      lastLetThroughAt: NOW - 5 * S,
      recentDropTimes: [NOW - 50 * S, NOW - 40 * S],
    });
    expect(dropHistoryOf([])).toEqual({ lastDropAt: null, lastLetThroughAt: null, recentDropTimes: [] });
  });

  it("calls drops that stopped while the relay was missing flows unknown, not recovered", () => {
    // Last drop 60 s ago, flows passing since: recovered, if the relay saw the whole minute.
    const stopped = history(60 * S, 5 * S);
    const relay = (gaps: { from: number; to: number }[], state: "in-sync" | "stalled" = "in-sync") => ({
      health: { state },
      coveredSince: NOW - 10 * 60 * S,
      gaps,
    });
    const seenBy = (r: ReturnType<typeof relay>) => (from: number) => relayCovers(r, from, NOW);
    expect(dropRecovery(stopped, NOW, seenBy(relay([]))).state).toBe("recovered");
    // Down for 20 s after the last drop, back since: drops may have gone on unseen.
    expect(dropRecovery(stopped, NOW, seenBy(relay([{ from: NOW - 50 * S, to: NOW - 30 * S }])))).toEqual({
      state: "unknown",
      lastDropAt: NOW - 60 * S,
    });
    // Down now: nothing since is known.
    expect(dropRecovery(stopped, NOW, seenBy(relay([], "stalled"))).state).toBe("unknown");
    // A gap before the last drop does not touch the quiet after it.
    expect(dropRecovery(stopped, NOW, seenBy(relay([{ from: NOW - 90 * S, to: NOW - 70 * S }]))).state).toBe(
      "recovered",
    );
    // Still dropping is seen, gap or not.
    expect(dropRecovery(history(20 * S, 5 * S), NOW, () => false).state).toBe("dropping");
  });
});
