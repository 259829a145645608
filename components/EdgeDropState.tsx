import { dropCountText } from "@/lib/flows/verdict-text";
import type { DrawingEdge } from "@/lib/graph/graph-drawing";
import { RecoveredSince } from "./RecoveredSince";
import { RecoveryUnknown } from "./RecoveryUnknown";

/**
 * An edge's drops in a list: red while it drops, "recovered since …" once its drops stopped, and
 * "recovery unknown" when they stopped while the relay was missing flows.
 */
export function EdgeDropState({ edge }: { edge: DrawingEdge }) {
  const drops = dropCountText({ DROPPED: edge.dropped, AUDIT: edge.audited });
  if (edge.recoveredSince !== undefined)
    return (
      <span className="flex flex-col items-end tabular-nums" data-state="recovered">
        <span className="text-slate-700 dark:text-slate-300">{drops}</span>
        <RecoveredSince at={edge.recoveredSince} />
      </span>
    );
  if (edge.recoveryUnknownAfter !== undefined)
    return (
      <span className="flex flex-col items-end text-right tabular-nums" data-state="unknown">
        <span className="font-semibold text-red-700 dark:text-red-400">{drops}</span>
        <span className="text-xs">
          <RecoveryUnknown lastDropAt={edge.recoveryUnknownAfter} />
        </span>
      </span>
    );
  return (
    <span
      data-state="dropping"
      className={`tabular-nums ${edge.dropped > 0 ? "font-semibold text-red-700 dark:text-red-400" : "text-sky-700 dark:text-sky-400"}`}
    >
      {drops}
    </span>
  );
}
