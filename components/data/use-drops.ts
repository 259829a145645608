"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { DropsResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useDrops(windowMs: number) {
  return useQuery({
    queryKey: queryKeys.drops(windowMs),
    queryFn: ({ signal }) => fetchJson<DropsResponse>(apiPaths.drops(windowMs), { signal }),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
