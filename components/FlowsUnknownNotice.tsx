"use client";

import type { HubbleStatusView } from "@/lib/api/responses";
import { RelativeTime } from "./RelativeTime";
import { useNow } from "./use-now";

/**
 * Why the flows of a window are not all known: the relay is unavailable or stalled since when,
 * it was not yet streaming when the window began, or a gap crosses it.
 */
export function FlowsUnknownNotice({
  relay,
  windowMs,
}: {
  relay: HubbleStatusView | null;
  windowMs: number;
}) {
  const now = useNow();
  const source = relay?.source ?? null;
  const down = source !== null && source.state !== "in-sync" && source.state !== "syncing";
  if (!relay || !source) {
    return (
      <p role="status" data-testid="flows-unknown" className="text-sm text-amber-800 dark:text-amber-300">
        Flows unavailable: {relay?.message ?? "Hubble Relay not configured"}.
      </p>
    );
  }
  if (down) {
    const since = source.since ?? source.lastAliveAt;
    return (
      <p role="status" data-testid="flows-unavailable" className="text-sm text-amber-800 dark:text-amber-300">
        Flows unavailable since {since !== null ? <RelativeTime at={since} /> : "Sieve started"} (
        {source.message}); drops after that are unknown.
      </p>
    );
  }
  const gap = relay.gaps.findLast((g) => now === null || g.to > now - windowMs);
  return (
    <p role="status" data-testid="flows-partial" className="text-sm text-amber-800 dark:text-amber-300">
      {gap ? (
        <>
          Flows may be missing from <RelativeTime at={gap.from} /> to <RelativeTime at={gap.to} />; only what
          was received is shown.
        </>
      ) : relay.coveredSince !== null ? (
        <>
          Flows are known only since <RelativeTime at={relay.coveredSince} />, not for the whole window.
        </>
      ) : (
        <>Connecting to Hubble Relay: flows not known yet.</>
      )}
    </p>
  );
}
