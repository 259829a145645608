"use client";

import { dropCountText } from "@/lib/flows/verdict-text";
import { useDrops } from "./data/use-drops";
import { DropClassificationCard } from "./DropClassificationCard";
import { FixPanel } from "./FixPanel";
import { RelativeTime } from "./RelativeTime";

const WINDOW_MS = 15 * 60_000;

/** The namespace's classified drops of the last 15 minutes, each with its Why? and Fix. */
export function NamespaceDropsCard({ namespace }: { namespace: string }) {
  const drops = useDrops(WINDOW_MS);
  const groups = (drops.data?.groups ?? []).filter((g) => g.namespace === namespace);
  if (drops.isError) return <p className="text-sm text-red-700">Drops unavailable: {drops.error.message}</p>;
  if (!drops.data) return <p className="text-sm text-slate-500">Loading drops…</p>;
  if (groups.length === 0)
    return <p className="text-sm text-emerald-700">No drops in the last 15 minutes.</p>;
  return (
    <ul className="flex flex-col gap-3" data-testid="namespace-drops">
      {groups.map((group) => (
        <li key={group.key} className="flex flex-col gap-2" data-class={group.classification.classId}>
          <p className="text-xs text-slate-600">
            <span data-testid="drop-count">{dropCountText(group.counts)}</span>, last{" "}
            <RelativeTime at={group.lastSeen} />
          </p>
          <DropClassificationCard classification={group.classification} />
          {group.classification.policyDrop && (
            <FixPanel scope={{ kind: "group", key: group.key }} windowMs={WINDOW_MS} />
          )}
        </li>
      ))}
    </ul>
  );
}
