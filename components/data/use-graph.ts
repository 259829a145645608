"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { GraphResponse } from "@/lib/api/responses";
import { serializeDetailRequest, type DetailRequest } from "@/lib/graph/graph-detail";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/**
 * The graph for a query string of the graph view state (window, ns, verdict), at the level of
 * detail asked; refreshed every second.
 */
export function useGraph(query: string, detail: DetailRequest) {
  return useQuery({
    queryKey: queryKeys.graph(`${query}#${serializeDetailRequest(detail)}`),
    queryFn: ({ signal }) => fetchJson<GraphResponse>(apiPaths.graph(query, detail), { signal }),
    refetchInterval: 1_000,
    placeholderData: keepPreviousData,
  });
}
