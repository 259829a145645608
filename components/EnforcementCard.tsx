import type { EnforcementPosture } from "@/lib/posture/enforcement";
import { SeverityBadge } from "./SeverityBadge";

const ALARM =
  "flex flex-col gap-1 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100";

/**
 * Enforced; wide open because no policy selects the namespace; or the escape hatch open since when,
 * the alert it implies and how to re-enable.
 */
export function EnforcementCard({ enforcement }: { enforcement: EnforcementPosture }) {
  if (enforcement.state === "enforced") {
    return (
      <div data-testid="enforcement" data-enabled="true" data-state="enforced" className="text-sm">
        Enforced: the namespace&apos;s policies apply.
      </div>
    );
  }
  if (enforcement.state === "unselected") {
    return (
      <div data-testid="enforcement" data-enabled="false" data-state="unselected" className={ALARM}>
        <p className="font-semibold">Wide open: no policy selects it, so all its traffic is let through.</p>
        <p data-testid="enforcement-since">{enforcement.summary}</p>
      </div>
    );
  }
  return (
    <div data-testid="enforcement" data-enabled="false" data-state="disabled" className={ALARM}>
      <p className="font-semibold">Enforcement disabled: all traffic of this namespace is let through.</p>
      <p data-testid="enforcement-since">{enforcement.summary}</p>
      {enforcement.alert && (
        <p data-testid="enforcement-alert" className="flex items-center gap-2">
          <SeverityBadge severity={enforcement.alert.severity} />
          <span className="font-mono">{enforcement.alert.name}</span> is firing
        </p>
      )}
      {enforcement.reenableCommand && (
        <p>
          Re-enable (after the fix is merged):{" "}
          <code className="break-all">{enforcement.reenableCommand}</code>
        </p>
      )}
      {enforcement.runbook && (
        <p>
          Runbook: <code>{enforcement.runbook}</code>
        </p>
      )}
    </div>
  );
}
