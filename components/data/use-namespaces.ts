"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { NamespacesResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useNamespaces(windowMs: number) {
  return useQuery({
    queryKey: queryKeys.namespaces(windowMs),
    queryFn: ({ signal }) =>
      fetchJson<NamespacesResponse>(
        `/api/namespaces?window=${encodeURIComponent(`${windowMs / 60_000}m`)}`,
        signal,
      ),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
