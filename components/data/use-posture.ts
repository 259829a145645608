"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { NamespacePostureResponse, PostureResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Every namespace's posture, and its flow counts over `windowMs`. */
export function usePosture(windowMs: number) {
  return useQuery({
    queryKey: queryKeys.posture(windowMs),
    queryFn: ({ signal }) => fetchJson<PostureResponse>(apiPaths.posture(windowMs), { signal }),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

export function useNamespacePosture(name: string) {
  return useQuery({
    queryKey: queryKeys.namespacePosture(name),
    queryFn: ({ signal }) => fetchJson<NamespacePostureResponse>(apiPaths.namespacePosture(name), { signal }),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}
