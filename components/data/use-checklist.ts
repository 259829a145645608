"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { formatDuration } from "@/lib/config/duration";
import type { ConnectivityChecklist } from "@/lib/drops/connectivity-checklist";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useChecklist(namespace: string, windowMs: number) {
  return useQuery({
    queryKey: queryKeys.checklist(namespace, windowMs),
    queryFn: ({ signal }) =>
      fetchJson<ConnectivityChecklist>(
        `/api/namespaces/${encodeURIComponent(namespace)}/checklist?window=${formatDuration(windowMs)}`,
        signal,
      ),
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });
}
