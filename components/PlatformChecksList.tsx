import type { PlatformCheck } from "@/lib/posture/platform-checks";

const STATUS_STYLE: Record<PlatformCheck["status"], string> = {
  present: "text-emerald-700",
  partial: "text-amber-700",
  missing: "text-red-700 font-semibold",
  "not-applicable": "text-slate-500",
};

/** The four rules every platform namespace needs, judged by what its policies allow. */
export function PlatformChecksList({ checks }: { checks: PlatformCheck[] }) {
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="platform-checks">
      {checks.map((check) => (
        <li key={check.id} data-check={check.id} data-status={check.status}>
          <span className="font-medium">{check.title}</span>:{" "}
          <span className={STATUS_STYLE[check.status]}>{check.status}</span>
          {check.required ? "" : " (not required here)"}
          <span className="block text-xs text-slate-600">{check.message}</span>
        </li>
      ))}
    </ul>
  );
}
