import type { AccessLabelView } from "@/lib/api/responses";

/** The shared resources a namespace's access labels open, each with target and ports. */
export function AccessLabelBadges({ accessLabels }: { accessLabels: AccessLabelView[] }) {
  if (accessLabels.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {accessLabels.map((access) => (
        <span
          key={access.name}
          title={`${access.resource} in ${access.target}, port ${access.ports.join(", ")}`}
          className="rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100"
        >
          {access.name}
        </span>
      ))}
    </span>
  );
}
