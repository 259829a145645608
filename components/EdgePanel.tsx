"use client";

import { dropCountText, inWindowText, l7FailuresText } from "@/lib/flows/verdict-text";
import { useEdge } from "./data/use-edge";
import { DropClassificationCard } from "./DropClassificationCard";
import { FixPanel } from "./FixPanel";
import { FlowDetails } from "./FlowDetails";
import { RecoveredSince } from "./RecoveredSince";
import { RecoveryUnknown } from "./RecoveryUnknown";
import { RelativeTime } from "./RelativeTime";

/** A selected edge: its counts and recent flows, each drop with its class, cause and fix. */
export function EdgePanel({ edgeId, windowMs }: { edgeId: string; windowMs: number }) {
  const edge = useEdge(edgeId, windowMs);
  if (edge.isError) return <p className="text-sm text-slate-600">{edge.error.message}</p>;
  if (!edge.data) return <p className="text-sm text-slate-500">Loading flows…</p>;
  const { edge: view, flows } = edge.data;
  const shownClasses = new Set<string>();
  const drops = dropCountText(view.counts) || "0 dropped";
  const failures = l7FailuresText(view.l7Failures);
  return (
    <section aria-label="Edge" className="flex flex-col gap-3" data-testid="edge-panel">
      <header>
        <h2 className="font-semibold">
          <span className="font-mono">{view.sourceLabel}</span> →{" "}
          <span className="font-mono">{view.targetLabel}</span>
        </h2>
        <p className="text-sm text-slate-600">
          {view.label} · {view.direction} · <span className="text-red-700">{drops}</span> ·{" "}
          <span className="text-emerald-700">{view.forwarded} forwarded</span>{" "}
          {inWindowText(edge.data.windowMs)} · last seen <RelativeTime at={view.lastSeen} />
        </p>
        {view.recoveredSince !== undefined && (
          <p className="text-sm font-semibold" data-testid="edge-recovered">
            <RecoveredSince at={view.recoveredSince} />: no drop since, flows pass.
          </p>
        )}
        {view.recoveryUnknownAfter !== undefined && (
          <p className="text-sm" data-testid="edge-recovery-unknown">
            <RecoveryUnknown lastDropAt={view.recoveryUnknownAfter} />.
          </p>
        )}
        {failures && (
          <p className="text-sm font-semibold text-amber-700" data-testid="edge-l7-failures">
            L7 failures: {failures}
          </p>
        )}
      </header>
      {view.dropped + view.audited > 0 && (
        <FixPanel key={edgeId} scope={{ kind: "edge", id: edgeId }} windowMs={windowMs} />
      )}
      <ul className="flex flex-col gap-3">
        {flows.map(({ flow, classification }) => {
          const firstOfClass = classification !== null && !shownClasses.has(classification.classId);
          if (classification) shownClasses.add(classification.classId);
          return (
            <li
              key={flow.id}
              className="flex flex-col gap-1 border-t border-slate-200 pt-2 dark:border-slate-800"
            >
              {firstOfClass && <DropClassificationCard classification={classification} />}
              <FlowDetails flow={flow} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
