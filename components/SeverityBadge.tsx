import type { NamespaceStatus } from "@/lib/posture/posture-table";

/** "unknown": the data the status would rest on is not known current. */
type BadgeStatus = NamespaceStatus | "unknown";

const STYLE: Record<BadgeStatus, string> = {
  unknown: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  critical: "bg-red-600 text-white",
  warning: "bg-amber-400 text-amber-950",
  info: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
};

export function SeverityBadge({ severity }: { severity: BadgeStatus }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[severity]}`}
      data-severity={severity}
    >
      {severity}
    </span>
  );
}
