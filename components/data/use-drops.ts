"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { DropsResponse } from "@/lib/api/responses";
import { formatDuration } from "@/lib/config/duration";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useDrops(windowMs: number) {
  return useQuery({
    queryKey: queryKeys.drops(windowMs),
    queryFn: ({ signal }) =>
      fetchJson<DropsResponse>(`/api/drops?window=${formatDuration(windowMs)}`, signal),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
