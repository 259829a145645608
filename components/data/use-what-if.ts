"use client";

import { useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import type { WhatIfBranchesResponse, WhatIfResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useWhatIfBranches() {
  return useQuery({
    queryKey: queryKeys.whatIfBranches(),
    queryFn: ({ signal }) => fetchJson<WhatIfBranchesResponse>(apiPaths.whatIfBranches(), { signal }),
    staleTime: 30_000,
  });
}

/** What a branch would do; computed on demand (it reads and renders the branch), not polled. */
export function useWhatIf(ref: string | null) {
  return useQuery({
    queryKey: queryKeys.whatIf(ref ?? ""),
    queryFn: ({ signal }) => fetchJson<WhatIfResponse>(apiPaths.whatIf(ref ?? ""), { signal }),
    enabled: ref !== null,
    staleTime: 30_000,
  });
}
