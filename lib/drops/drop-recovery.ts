import { isDropVerdict, VERDICT_MEANING, VERDICTS, type Flow, type Verdict } from "@/lib/flows/flow";

// "Recovered since …": a connection that dropped earlier in the window and has stopped. A red edge
// or checklist item that stays red after the fix is merged says the fix did not work; one that
// turns green at the first forwarded flow lies about a connection that drops now and then. So a
// connection has recovered when, since its last drop, it has been quiet for longer than its drops
// usually are apart (twice the widest gap between its recent drops, at least `minQuietMs`) and
// let flows through in that time, or when it has been quiet for `quietAloneMs` whatever passed.
// Quiet is evidence only if Sieve saw it: drops that stopped while the relay was not delivering
// every flow (down, stalled, a gap in the stream) may have gone on unseen, so their recovery is
// unknown. Every view — graph, edge lists, edge panel, checklist — asks this one function.

/** Verdicts that let traffic on and are no policy denial: forwarded, redirected, translated, traced. */
export const LET_THROUGH_VERDICTS: readonly Verdict[] = VERDICTS.filter(
  (verdict) =>
    verdict !== "UNKNOWN" &&
    VERDICT_MEANING[verdict].delivered !== false &&
    !VERDICT_MEANING[verdict].policyDenied,
);

export interface DropHistory {
  /** The newest drop (or audited would-be drop) in the window; null when none. */
  lastDropAt: number | null;
  /** The newest flow let through in the window; null when none. */
  lastLetThroughAt: number | null;
  /** Times of the connection's recent drops, any order (a few are enough). */
  recentDropTimes: readonly number[];
}

export interface DropRecoveryRules {
  /** Quiet needed after the last drop, as a multiple of the widest gap between recent drops. */
  gapFactor: number;
  /** The least quiet that counts, however close together the drops were. */
  minQuietMs: number;
  /** Quiet long enough to call it recovered without any flow let through. */
  quietAloneMs: number;
}

export const DEFAULT_DROP_RECOVERY_RULES: DropRecoveryRules = {
  gapFactor: 2,
  minQuietMs: 30_000,
  quietAloneMs: 5 * 60_000,
};

/**
 * Whether every flow from `from` until now reached Sieve: the relay was streaming throughout, with
 * no gap (lib/status/source-health relayCovers, as the server knows it).
 */
export type DeliveredSince = (from: number) => boolean;

export type DropRecovery =
  | { state: "no-drops" }
  | { state: "dropping"; lastDropAt: number }
  /** `since`: the last drop; `evidence`: flows let through since, or quiet alone. */
  | { state: "recovered"; since: number; evidence: "let-through" | "quiet" }
  /** The drops stopped at `lastDropAt`, but the relay did not deliver every flow since. */
  | { state: "unknown"; lastDropAt: number };

function widestGap(times: readonly number[]): number | null {
  if (times.length < 2) return null;
  const sorted = [...times].sort((a, b) => a - b);
  let widest = 0;
  for (let i = 1; i < sorted.length; i++) widest = Math.max(widest, sorted[i]! - sorted[i - 1]!);
  return widest;
}

export function dropRecovery(
  history: DropHistory,
  now: number,
  deliveredSince: DeliveredSince,
  rules: DropRecoveryRules = DEFAULT_DROP_RECOVERY_RULES,
): DropRecovery {
  const { lastDropAt, lastLetThroughAt } = history;
  if (lastDropAt === null) return { state: "no-drops" };
  const gap = widestGap(history.recentDropTimes);
  const quietNeeded = Math.max(rules.minQuietMs, gap === null ? 0 : rules.gapFactor * gap);
  const quiet = now - lastDropAt;
  const evidence =
    lastLetThroughAt !== null && lastLetThroughAt > lastDropAt && quiet >= quietNeeded
      ? "let-through"
      : quiet >= Math.max(rules.quietAloneMs, quietNeeded)
        ? "quiet"
        : null;
  if (evidence === null) return { state: "dropping", lastDropAt };
  if (!deliveredSince(lastDropAt)) return { state: "unknown", lastDropAt };
  return { state: "recovered", since: lastDropAt, evidence };
}

/** The history of a graph edge (or several, as one checklist item): newest times per verdict and samples. */
export function dropHistoryOf(
  edges: readonly { lastSeenByVerdict: Partial<Record<Verdict, number>>; samples: readonly Flow[] }[],
): DropHistory {
  let lastDropAt: number | null = null;
  let lastLetThroughAt: number | null = null;
  const recentDropTimes: number[] = [];
  const later = (a: number | null, b: number | undefined) =>
    b === undefined ? a : Math.max(a ?? -Infinity, b);
  for (const edge of edges) {
    lastDropAt = later(lastDropAt, edge.lastSeenByVerdict.DROPPED);
    lastDropAt = later(lastDropAt, edge.lastSeenByVerdict.AUDIT);
    for (const verdict of LET_THROUGH_VERDICTS)
      lastLetThroughAt = later(lastLetThroughAt, edge.lastSeenByVerdict[verdict]);
    for (const flow of edge.samples) if (isDropVerdict(flow.verdict)) recentDropTimes.push(flow.time);
  }
  return { lastDropAt, lastLetThroughAt, recentDropTimes };
}
