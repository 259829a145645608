"use client";

import { useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { StatusResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useStatus() {
  return useQuery({
    queryKey: queryKeys.status(),
    queryFn: ({ signal }) => fetchJson<StatusResponse>(apiPaths.status(), { signal }),
    refetchInterval: 2_000,
  });
}
