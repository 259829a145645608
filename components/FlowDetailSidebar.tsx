"use client";

import type { FlowFacet } from "@/lib/flows-view/flow-facets";
import type { ObserveFlag } from "@/lib/hubble/flow-filters";

/** One flow's values; each the CLI can filter on adds that filter (or, with "not", its negation). */
export function FlowDetailSidebar({
  facets,
  onAddFilter,
  onClose,
}: {
  facets: readonly FlowFacet[];
  onAddFilter: (flag: ObserveFlag) => void;
  onClose: () => void;
}) {
  return (
    <aside
      aria-label="Flow details"
      data-testid="flow-detail"
      className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 p-3 text-sm xl:max-h-[508px] xl:overflow-y-auto dark:border-slate-800"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="font-semibold">Flow</h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-2 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          Close
        </button>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">Click a value to filter on it.</p>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-1">
        {facets.map((facet, index) => (
          <div key={`${facet.field}-${index}`} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{facet.field}</dt>
            <dd className="flex min-w-0 items-start gap-1 font-mono text-xs">
              {facet.flag ? (
                <>
                  <button
                    type="button"
                    data-testid="facet-filter"
                    data-flag={facet.flag.name}
                    title={`Add --${facet.flag.name} ${facet.flag.value}`}
                    onClick={() => onAddFilter(facet.flag!)}
                    className="min-w-0 break-all text-left text-blue-700 underline dark:text-blue-400"
                  >
                    {facet.value}
                  </button>
                  <button
                    type="button"
                    aria-label={`Exclude ${facet.field} ${facet.value}`}
                    title={`Add --not --${facet.flag.name} ${facet.flag.value}`}
                    onClick={() => onAddFilter({ ...facet.flag!, not: true })}
                    className="shrink-0 rounded border border-slate-300 px-1 text-[10px] text-slate-600 dark:border-slate-700 dark:text-slate-300"
                  >
                    not
                  </button>
                </>
              ) : (
                <span className="min-w-0 break-all">{facet.value}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
