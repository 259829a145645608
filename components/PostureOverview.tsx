"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { viewHref } from "@/lib/api/view-window";
import {
  parsePostureTableState,
  postureTableRows,
  serializePostureTableState,
  type PostureTableState,
} from "@/lib/posture/posture-table";
import { ClusterPostureSummary } from "./ClusterPostureSummary";
import { usePosture } from "./data/use-posture";
import { PostureFilters } from "./PostureFilters";
import { PostureTable } from "./PostureTable";
import { useViewWindow } from "./ViewWindow";
import { WindowProblem } from "./WindowProblem";

/** The namespaces page: cluster-level checks, counts, and the filterable, sortable posture table. */
export function PostureOverview() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const state = useMemo(
    () => parsePostureTableState(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  const { windowMs, defaultWindowMs, problem } = useViewWindow();
  const posture = usePosture(windowMs);
  const navigate = (next: PostureTableState) => {
    const query = serializePostureTableState(next);
    router.replace(viewHref(query ? `${pathname}?${query}` : pathname, windowMs, defaultWindowMs), {
      scroll: false,
    });
  };
  const data = posture.data;
  const rows = data ? postureTableRows(data.posture.namespaces, data.flowCounts, state) : [];
  return (
    <section aria-label="Namespace posture" className="mt-4 flex flex-col gap-3">
      <h1 className="text-xl font-semibold">
        Namespace policy posture{" "}
        {data && (
          <span className="text-slate-500">
            ({rows.length} of {data.posture.namespaces.length})
          </span>
        )}
      </h1>
      <WindowProblem problem={problem} windowMs={windowMs} />
      {posture.isError && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          Could not load the posture: {posture.error.message}
          {data ? " (showing the last answer)" : ""}
        </p>
      )}
      {!data ? (
        <p className="text-slate-500">Computing posture…</p>
      ) : (
        <>
          <ClusterPostureSummary posture={data.posture} />
          <PostureFilters posture={data.posture} state={state} onChange={navigate} />
          <PostureTable
            rows={rows}
            flowCounts={data.flowCounts}
            windowMs={data.windowMs}
            namespaceHref={(name) =>
              viewHref(`/namespaces/${encodeURIComponent(name)}`, windowMs, defaultWindowMs)
            }
            reenable={data.reenable}
            state={state}
            onSort={(key) =>
              navigate({ ...state, sort: key, descending: state.sort === key ? !state.descending : false })
            }
          />
        </>
      )}
    </section>
  );
}
