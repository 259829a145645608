"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { entriesSince } from "@/lib/flows-view/flows-page-params";
import { observeSinceOf, sinceStart, type FlowsSince } from "@/lib/flows-view/flows-query";
import { mergeFlowEntries, resumeTime } from "@/lib/flows-view/merge-flows";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import { apiPaths } from "@/lib/api/api-paths";
import { parseTimestamp, timestampToMs } from "@/lib/hubble/timestamp";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

function withParam(search: string, name: string, value: string): string {
  const param = `${name}=${encodeURIComponent(value)}`;
  return search ? `${search}&${param}` : param;
}

/**
 * The newest `last` flows `since` a time or over a window, matching the filter flags in `search`
 * (URL parameters without `last` and `since`), followed every 2 s unless `paused`: each poll asks
 * only for the flows since the newest one held, and what has left the window is let go. Nothing is
 * asked while the filters are not `valid` (the view says why instead).
 */
export function useFlows(
  search: string,
  last: number,
  since: FlowsSince,
  { paused, valid }: { paused: boolean; valid: boolean },
) {
  const queryClient = useQueryClient();
  const asked = withParam(withParam(search, "last", String(last)), "since", observeSinceOf(since));
  const key = queryKeys.flows(asked);
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const held = queryClient.getQueryData<FlowsResponse>(key);
      const resume = held ? resumeTime(held.flows) : null;
      const path =
        resume === null ? asked : withParam(withParam(search, "last", String(last)), "since", resume);
      const answer = await fetchJson<FlowsResponse>(apiPaths.flows(path), { signal });
      if (!held || resume === null) return answer;
      const from = sinceStart(since, answer.now);
      const merged = mergeFlowEntries(held.flows, answer.flows, last);
      // A poll resumes within what the relay holds; what it said of the first answer's start stays
      // true while that start is still asked for.
      const heldStart = held.bufferFrom === null ? null : parseTimestamp(held.bufferFrom);
      const bufferFrom = heldStart !== null && timestampToMs(heldStart) > from ? held.bufferFrom : null;
      return { ...answer, flows: entriesSince(merged, from), bufferFrom: answer.bufferFrom ?? bufferFrom };
    },
    enabled: valid,
    refetchInterval: paused ? false : 2_000,
    // A view's flows are kept while it is followed; a new filter starts from the relay's answer.
    staleTime: Infinity,
    retry: false,
  });
}
