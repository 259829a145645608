"use client";

import { useQuery } from "@tanstack/react-query";
import type { WhatIfBranchesResponse, WhatIfResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useWhatIfBranches() {
  return useQuery({
    queryKey: queryKeys.whatIfBranches(),
    queryFn: ({ signal }) => fetchJson<WhatIfBranchesResponse>("/api/what-if/branches", signal),
    staleTime: 30_000,
  });
}

/** What a branch would do; computed on demand (it reads and renders the branch), not polled. */
export function useWhatIf(ref: string | null) {
  return useQuery({
    queryKey: queryKeys.whatIf(ref ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<WhatIfResponse>(`/api/what-if?${new URLSearchParams({ ref: ref ?? "" }).toString()}`, signal),
    enabled: ref !== null,
    staleTime: 30_000,
  });
}
