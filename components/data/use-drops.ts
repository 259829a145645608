"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { DropsResponse } from "@/lib/api/responses";
import { NO_DROPS_FILTER, type DropsFilter } from "@/lib/drops/drops-filter";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** The window's drops, narrowed by `filter`; nothing is asked while `enabled` is false. */
export function useDrops(windowMs: number, filter: DropsFilter = NO_DROPS_FILTER, enabled = true) {
  return useQuery({
    queryKey: queryKeys.drops(windowMs, filter),
    queryFn: ({ signal }) => fetchJson<DropsResponse>(apiPaths.drops(windowMs, filter), { signal }),
    enabled,
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
