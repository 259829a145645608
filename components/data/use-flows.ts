"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDuration } from "@/lib/config/duration";
import { entriesInWindow } from "@/lib/flows-view/flows-page-params";
import { mergeFlowEntries, resumeTime } from "@/lib/flows-view/merge-flows";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import { apiPaths } from "@/lib/api/api-paths";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

function withParam(search: string, name: string, value: string): string {
  const param = `${name}=${encodeURIComponent(value)}`;
  return search ? `${search}&${param}` : param;
}

/**
 * The newest `last` flows of the window matching the filter flags in `search` (URL parameters
 * without `last` and `since`), followed while not paused: each poll asks only for the flows since
 * the newest one held, and what has left the window is let go.
 */
/**
 * The relay's flows for a view's filters, followed every 2 s unless `paused`; nothing is asked while
 * the filters are not `valid` (the view says why instead).
 */
export function useFlows(
  search: string,
  last: number,
  windowMs: number,
  { paused, valid }: { paused: boolean; valid: boolean },
) {
  const queryClient = useQueryClient();
  const key = queryKeys.flows(
    withParam(withParam(search, "last", String(last)), "since", formatDuration(windowMs)),
  );
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const held = queryClient.getQueryData<FlowsResponse>(key);
      const since = held ? resumeTime(held.flows) : null;
      const path = withParam(
        withParam(search, "last", String(last)),
        "since",
        since ?? formatDuration(windowMs),
      );
      const answer = await fetchJson<FlowsResponse>(apiPaths.flows(path), { signal });
      if (!held || since === null) return answer;
      const merged = mergeFlowEntries(held.flows, answer.flows, last);
      return { ...answer, flows: entriesInWindow(merged, answer.now, windowMs) };
    },
    enabled: valid,
    refetchInterval: paused ? false : 2_000,
    // A view's flows are kept while it is followed; a new filter starts from the relay's answer.
    staleTime: Infinity,
    retry: false,
  });
}
