"use client";

import { dropCountText, inWindowText } from "@/lib/flows/verdict-text";
import { useDrops } from "./data/use-drops";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { DropClassificationCard } from "./DropClassificationCard";
import { FixPanel } from "./FixPanel";
import { RelativeTime } from "./RelativeTime";

/**
 * The namespace's classified drops of the window (those where it is the one dropping: its egress,
 * its ingress), each with its Why? and Fix.
 */
export function NamespaceDropsCard({ namespace, windowMs }: { namespace: string; windowMs: number }) {
  const drops = useDrops(windowMs);
  const coverage = useRelayCoverage(windowMs);
  const groups = (drops.data?.groups ?? []).filter((g) => g.namespace === namespace);
  if (drops.isError) return <p className="text-sm text-red-700">Drops unavailable: {drops.error.message}</p>;
  if (!drops.data || coverage.complete === null)
    return <p className="text-sm text-slate-500">Loading drops…</p>;
  // "No drops" only when the relay delivered the whole window; otherwise say what is not known.
  const notice = coverage.complete ? null : <FlowsUnknownNotice relay={coverage.relay} windowMs={windowMs} />;
  if (groups.length === 0)
    return (
      notice ?? (
        <p className="text-sm text-emerald-700">
          No drops of {namespace} {inWindowText(windowMs)}.
        </p>
      )
    );
  return (
    <>
      {notice}
      <ul className="flex flex-col gap-3" data-testid="namespace-drops">
        {groups.map((group) => (
          <li key={group.key} className="flex flex-col gap-2" data-class={group.classification.classId}>
            <p className="text-xs text-slate-600">
              <span data-testid="drop-count">{dropCountText(group.counts)}</span>, last{" "}
              <RelativeTime at={group.lastSeen} />
            </p>
            <DropClassificationCard classification={group.classification} />
            {group.classification.policyDrop && (
              <FixPanel scope={{ kind: "group", key: group.key }} windowMs={windowMs} />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
