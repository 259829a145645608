"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { GraphResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** The graph for a query string of the graph view state (window, ns, verdict); refreshed every second. */
export function useGraph(query: string) {
  return useQuery({
    queryKey: queryKeys.graph(query),
    queryFn: ({ signal }) => fetchJson<GraphResponse>(apiPaths.graph(query), { signal }),
    refetchInterval: 1_000,
    placeholderData: keepPreviousData,
  });
}
