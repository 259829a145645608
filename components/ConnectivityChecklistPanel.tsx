"use client";

import type { ConnectivityStatus } from "@/lib/drops/connectivity-checklist";
import { useChecklist } from "./data/use-checklist";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { inWindowText } from "@/lib/flows/verdict-text";
import { RecoveredSince } from "./RecoveredSince";
import { RelativeTime } from "./RelativeTime";

const STATUS: Record<ConnectivityStatus, { text: string; style: string }> = {
  ok: { text: "ok", style: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" },
  dropped: { text: "dropped", style: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100" },
  recovered: {
    text: "recovered",
    style: "bg-emerald-50 text-emerald-900 ring-1 ring-red-300 dark:bg-emerald-950 dark:text-emerald-100",
  },
  "recovery-unknown": {
    text: "recovery unknown",
    style: "bg-slate-100 text-slate-700 ring-1 ring-red-300 dark:bg-slate-800 dark:text-slate-200",
  },
  "no-traffic": {
    text: "no traffic seen",
    style: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  },
};

/** The runbook's debug sequence for one namespace as one panel: each check ok, dropped, recovered or unseen. */
export function ConnectivityChecklistPanel({ namespace, windowMs }: { namespace: string; windowMs: number }) {
  const checklist = useChecklist(namespace, windowMs);
  const coverage = useRelayCoverage(windowMs);
  if (checklist.isError)
    return <p className="text-sm text-red-700">Checklist unavailable: {checklist.error.message}</p>;
  if (!checklist.data) return <p className="text-sm text-slate-500">Checking connectivity…</p>;
  // Without every flow of the window, "ok" and "no traffic seen" are not known; a drop seen still
  // is, and whether drops that stopped recovered the server decided (lib/drops/drop-recovery), as it
  // does for the graph's edges.
  const partial = coverage.complete !== true;
  const window = inWindowText(checklist.data.windowMs);
  return (
    <>
      {coverage.complete === false && <FlowsUnknownNotice relay={coverage.relay} windowMs={windowMs} />}
      <p className="text-xs text-slate-600 dark:text-slate-400">Flows {window}:</p>
      <ul className="flex flex-col gap-1 text-sm" data-testid="connectivity-checklist">
        {checklist.data.checks.map((check) => {
          const unknown = partial && (check.status === "ok" || check.status === "no-traffic");
          const seenDrops = check.status === "dropped" || check.status === "recovered";
          const dropCount = ` ×${check.dropped}${check.audited > 0 ? ` (${check.audited} audit, would be dropped)` : ""}`;
          return (
            <li
              key={check.id}
              data-check={check.id}
              data-status={unknown || check.status === "recovery-unknown" ? "unknown" : check.status}
              className="flex flex-col gap-0.5"
            >
              <span className="flex items-center justify-between gap-2">
                <span>{check.label}</span>
                <span
                  className={`rounded px-1.5 py-0.5 text-xs ${unknown ? STATUS["no-traffic"].style : STATUS[check.status].style}`}
                >
                  {unknown ? "unknown" : STATUS[check.status].text}
                  {(seenDrops || check.status === "recovery-unknown") && dropCount}
                </span>
              </span>
              {check.recoveredSince !== null && (
                <span className="text-xs">
                  <RecoveredSince at={check.recoveredSince} />
                </span>
              )}
              {check.lastDropAt !== null && (
                <span className="text-xs text-slate-500">
                  last drop <RelativeTime at={check.lastDropAt} />
                </span>
              )}
              <code className="truncate text-xs text-slate-500" title={check.command}>
                {check.command}
              </code>
            </li>
          );
        })}
      </ul>
    </>
  );
}
