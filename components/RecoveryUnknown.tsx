"use client";

/**
 * "recovery unknown": drops stopped at `lastDropAt`, but the relay missed flows since (down,
 * stalled, a gap), so they may have gone on unseen (lib/drops/drop-recovery).
 */
export function RecoveryUnknown({ lastDropAt }: { lastDropAt: number }) {
  const absolute = new Date(lastDropAt).toISOString();
  return (
    <span data-testid="recovery-unknown" className="text-slate-700 dark:text-slate-300">
      recovery unknown: no drop seen since{" "}
      <time dateTime={absolute} title={`last drop ${absolute}`}>
        {new Date(lastDropAt).toLocaleTimeString()}
      </time>
      , but the relay missed flows since
    </span>
  );
}
