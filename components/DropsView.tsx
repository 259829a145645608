"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { formatDuration } from "@/lib/config/duration";
import { dropsFilterQuery, parseViewQuery } from "@/lib/api/query-params";
import { viewHref } from "@/lib/api/view-window";
import {
  dropsFilterSearch,
  dropsFilterText,
  isDropsFilterEmpty,
  NO_DROPS_FILTER,
  type DropsFilter,
} from "@/lib/drops/drops-filter";
import { dropCountText, inWindowText } from "@/lib/flows/verdict-text";
import { namespaceGraphPath } from "@/lib/graph/graph-url-state";
import { windowChoices } from "@/lib/graph/graph-window";
import { useDrops } from "./data/use-drops";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { DropClassificationCard } from "./DropClassificationCard";
import { FixPanel } from "./FixPanel";
import { FlowDetails } from "./FlowDetails";
import { RelativeTime } from "./RelativeTime";
import { useViewWindow } from "./ViewWindow";
import { WindowProblem } from "./WindowProblem";

/** /drops with the filter, before its window: the address the view's own links keep. */
function dropsPath(filter: DropsFilter): string {
  const search = dropsFilterSearch(filter);
  return search ? `/drops?${search}` : "/drops";
}

/**
 * Classified drops grouped by namespace and class, most severe first, with counts and last seen;
 * ?namespace=&port= narrow them (lib/drops/drops-filter).
 */
export function DropsView() {
  const { windowMs, defaultWindowMs, problem } = useViewWindow();
  const params = useSearchParams();
  const parsedFilter = useMemo(
    () => parseViewQuery(dropsFilterQuery, new URLSearchParams(params.toString())),
    [params],
  );
  const filter = parsedFilter.ok ? parsedFilter.value : NO_DROPS_FILTER;
  const drops = useDrops(windowMs, filter, parsedFilter.ok);
  const coverage = useRelayCoverage(windowMs);
  const groups = drops.data?.groups ?? [];
  const filterText = dropsFilterText(filter);
  const shownText = [filterText, inWindowText(windowMs)].filter(Boolean).join(" ");
  return (
    <section aria-label="Drops" className="mt-4 flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold" data-testid="drops-heading">
          {drops.data && parsedFilter.ok ? groups.reduce((n, g) => n + g.count, 0) : "…"} dropped flows{" "}
          {shownText}
        </h1>
        <nav aria-label="Time window" className="flex gap-1 text-sm">
          {windowChoices(windowMs).map((ms) => (
            <Link
              key={ms}
              href={viewHref(dropsPath(filter), ms, defaultWindowMs)}
              aria-current={ms === windowMs ? "page" : undefined}
              className={`rounded px-2 py-1 ${ms === windowMs ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-200"}`}
            >
              last {formatDuration(ms)}
            </Link>
          ))}
        </nav>
      </div>
      <WindowProblem problem={problem} windowMs={windowMs} />
      {!parsedFilter.ok && (
        <p
          role="alert"
          data-testid="drops-filter-problem"
          className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900"
        >
          No drops shown: {parsedFilter.error}.{" "}
          <Link className="underline" href={viewHref("/drops", windowMs, defaultWindowMs)}>
            Show all drops
          </Link>
        </p>
      )}
      {parsedFilter.ok && !isDropsFilterEmpty(filter) && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="drops-filter">
          Only drops {filterText}.{" "}
          <Link className="text-blue-700 underline" href={viewHref("/drops", windowMs, defaultWindowMs)}>
            Show all drops
          </Link>
        </p>
      )}
      {drops.isError && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          Could not load drops: {drops.error.message}
        </p>
      )}
      {coverage.complete === false && <FlowsUnknownNotice relay={coverage.relay} windowMs={windowMs} />}
      {drops.data && parsedFilter.ok && coverage.complete === true && groups.length === 0 && (
        <p className="text-slate-600">No drops {shownText}.</p>
      )}
      <ul className="flex flex-col gap-3" data-testid="drop-groups">
        {(parsedFilter.ok ? groups : []).map((group) => (
          <li
            key={group.key}
            data-namespace={group.namespace ?? ""}
            data-class={group.classification.classId}
            className="grid grid-cols-1 gap-2 rounded border border-slate-200 p-3 md:grid-cols-[14rem_1fr] dark:border-slate-800"
          >
            <div className="flex flex-col gap-1 text-sm">
              {group.namespace ? (
                <Link
                  className="font-mono font-semibold text-blue-700 underline"
                  href={viewHref(namespaceGraphPath(group.namespace), windowMs, defaultWindowMs)}
                >
                  {group.namespace}
                </Link>
              ) : (
                <span className="font-semibold">outside any namespace</span>
              )}
              <span
                className={`font-semibold ${(group.counts.DROPPED ?? 0) > 0 ? "text-red-700" : "text-sky-700"}`}
                data-testid="drop-count"
              >
                {dropCountText(group.counts)}
              </span>
              <span className="text-slate-500">
                last <RelativeTime at={group.lastSeen} />
              </span>
            </div>
            <div className="flex flex-col gap-2">
              <DropClassificationCard classification={group.classification} />
              {group.classification.policyDrop && (
                <FixPanel scope={{ kind: "group", key: group.key }} windowMs={windowMs} />
              )}
              <details className="text-sm">
                <summary className="cursor-pointer text-slate-600">
                  Recent flows ({group.samples.length})
                </summary>
                <ul className="mt-1 flex flex-col gap-2">
                  {group.samples.map((flow) => (
                    <li key={flow.id}>
                      <FlowDetails flow={flow} />
                    </li>
                  ))}
                </ul>
              </details>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
