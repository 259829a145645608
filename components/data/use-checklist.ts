"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { ConnectivityChecklist } from "@/lib/drops/connectivity-checklist";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useChecklist(namespace: string, windowMs: number) {
  return useQuery({
    queryKey: queryKeys.checklist(namespace, windowMs),
    queryFn: ({ signal }) =>
      fetchJson<ConnectivityChecklist>(apiPaths.checklist(namespace, windowMs), { signal }),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
