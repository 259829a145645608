"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { EdgeResponse } from "@/lib/api/responses";
import { formatDuration } from "@/lib/config/duration";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useEdge(id: string, windowMs: number) {
  return useQuery({
    queryKey: queryKeys.edge(id, windowMs),
    queryFn: ({ signal }) =>
      fetchJson<EdgeResponse>(
        `/api/graph/edge?id=${encodeURIComponent(id)}&window=${formatDuration(windowMs)}`,
        signal,
      ),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
