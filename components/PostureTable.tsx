"use client";

import Link from "next/link";
import { formatDuration } from "@/lib/config/duration";
import type { VerdictTally } from "@/lib/flows/verdict-counts";
import type { NamespacePosture } from "@/lib/posture/namespace-posture";
import type { ReenableVerdict } from "@/lib/posture/reenable-verdict";
import { HorizontalScroll } from "./HorizontalScroll";
import { statusOf, type PostureSortKey, type PostureTableState } from "@/lib/posture/posture-table";
import { SeverityBadge } from "./SeverityBadge";
import { VerdictCounts } from "./VerdictCounts";

interface PostureTableProps {
  rows: NamespacePosture[];
  flowCounts: Record<string, VerdictTally>;
  /** The window the flow counts cover. */
  windowMs: number;
  /** A namespace's page, keeping the window chosen here. */
  namespaceHref(name: string): string;
  /** What re-enabling would drop, for namespaces whose escape hatch is open. */
  reenable?: Record<string, ReenableVerdict>;
  state: PostureTableState;
  onSort(key: PostureSortKey): void;
}

function SortHeader({
  label,
  sortKey,
  state,
  onSort,
}: {
  label: string;
  sortKey: PostureSortKey;
  state: PostureTableState;
  onSort(key: PostureSortKey): void;
}) {
  const active = state.sort === sortKey;
  return (
    <th className="py-2 pr-4" aria-sort={active ? (state.descending ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        className="uppercase tracking-wide hover:underline"
      >
        {label}
        {active ? (state.descending ? " ↓" : " ↑") : ""}
      </button>
    </th>
  );
}

function EnforcementCell({ posture, reenable }: { posture: NamespacePosture; reenable?: ReenableVerdict }) {
  const { enforcement } = posture;
  if (enforcement.state === "enforced") return <span className="text-slate-500">enforced</span>;
  return (
    <span className="flex flex-col" data-enforcement={enforcement.state}>
      <span className="font-semibold text-red-700 dark:text-red-400">
        {enforcement.state === "disabled" ? "disabled" : "wide open"}
      </span>
      <span className="text-xs">{enforcement.summary}</span>
      {enforcement.alert && (
        <span className="text-xs font-medium text-red-700">{enforcement.alert.name}</span>
      )}
      {reenable && (
        <span
          className="text-xs"
          data-testid="reenable-short"
          data-verdict={reenable.kind}
          title={reenable.text}
        >
          {reenable.short}
        </span>
      )}
    </span>
  );
}

/** Every namespace's posture in one sortable table: kind, profile, access, enforcement, status, findings. */
export function PostureTable({
  rows,
  flowCounts,
  windowMs,
  namespaceHref,
  reenable,
  state,
  onSort,
}: PostureTableProps) {
  const header = { state, onSort };
  return (
    <HorizontalScroll label="Namespaces table">
      <table className="w-full border-collapse text-sm" data-testid="posture-table">
        <thead>
          <tr className="border-b border-slate-300 text-left text-xs text-slate-500 dark:border-slate-700">
            <SortHeader label="Namespace" sortKey="name" {...header} />
            <SortHeader label="Kind" sortKey="kind" {...header} />
            <SortHeader label="Profile" sortKey="profile" {...header} />
            <th className="py-2 pr-4 uppercase tracking-wide">Access labels</th>
            <th className="py-2 pr-4 uppercase tracking-wide">Enforcement</th>
            <SortHeader label="Status" sortKey="status" {...header} />
            <SortHeader label="Findings" sortKey="findings" {...header} />
            <SortHeader label={`Flows (last ${formatDuration(windowMs)})`} sortKey="drops" {...header} />
          </tr>
        </thead>
        <tbody>
          {rows.map((ns) => (
            <tr
              key={ns.name}
              data-namespace={ns.name}
              className="border-b border-slate-200 align-top dark:border-slate-800"
            >
              <td className="py-2 pr-4">
                <Link
                  className="font-mono text-blue-700 underline dark:text-blue-400"
                  href={namespaceHref(ns.name)}
                >
                  {ns.name}
                </Link>
              </td>
              <td className="py-2 pr-4">{ns.kind}</td>
              <td className="py-2 pr-4" data-column="profile">
                {ns.profile.name ? <span className="font-medium">{ns.profile.name}</span> : null}
                <span
                  className={`block text-xs ${ns.profile.name || ns.kind === "platform" ? "text-slate-500" : "text-amber-700"}`}
                >
                  {ns.profile.summary}
                </span>
              </td>
              <td className="py-2 pr-4" data-column="access">
                {ns.accessLabels.length === 0 ? (
                  <span className="text-slate-400">none</span>
                ) : (
                  <span className="flex flex-wrap gap-1">
                    {ns.accessLabels.map((a) => (
                      <span
                        key={a.name}
                        title={a.opens}
                        className="rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100"
                      >
                        {a.name}
                      </span>
                    ))}
                  </span>
                )}
              </td>
              <td className="py-2 pr-4" data-column="enforcement">
                <EnforcementCell posture={ns} reenable={reenable?.[ns.name]} />
              </td>
              <td className="py-2 pr-4" data-column="status">
                <SeverityBadge severity={ns.unknown ? "unknown" : statusOf(ns)} />
              </td>
              <td className="py-2 pr-4" data-column="findings">
                <ul className="flex flex-col gap-0.5">
                  {ns.findings.slice(0, 3).map((f) => (
                    <li key={f.message} className="text-xs" data-finding={f.code}>
                      <SeverityBadge severity={f.severity} /> {f.message}
                    </li>
                  ))}
                  {ns.findings.length > 3 && (
                    <li className="text-xs text-slate-500">+{ns.findings.length - 3} more</li>
                  )}
                </ul>
              </td>
              <td className="py-2 pr-4" data-column="flows">
                <VerdictCounts counts={flowCounts[ns.name] ?? {}} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </HorizontalScroll>
  );
}
