"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { EdgeResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useEdge(id: string, windowMs: number) {
  return useQuery({
    queryKey: queryKeys.edge(id, windowMs),
    queryFn: ({ signal }) => fetchJson<EdgeResponse>(apiPaths.edge(id, windowMs), { signal }),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
