import type { NamespaceStatus } from "@/lib/posture/posture-table";

const STYLE: Record<NamespaceStatus, string> = {
  critical: "bg-red-600 text-white",
  warning: "bg-amber-400 text-amber-950",
  info: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
};

export function SeverityBadge({ severity }: { severity: NamespaceStatus }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[severity]}`}
      data-severity={severity}
    >
      {severity}
    </span>
  );
}
