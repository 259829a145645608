"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { ConventionsResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useConventions() {
  return useQuery({
    queryKey: queryKeys.conventions(),
    queryFn: ({ signal }) => fetchJson<ConventionsResponse>(apiPaths.conventions(), { signal }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}
