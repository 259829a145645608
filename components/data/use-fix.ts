"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { apiPaths } from "@/lib/api/api-paths";
import { fixScopeQuery } from "@/lib/api/fix-scope";
import { PAGE_REQUEST_HEADER } from "@/lib/api/request-host";
import type { FixResponse, FixScope, PullRequestResponse } from "@/lib/api/responses";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

/** Why? and Fix of an edge's or a group's drops; computed on demand, not polled (the proof is heavy). */
export function useFix(scope: FixScope, windowMs: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.fix(fixScopeQuery(scope), windowMs),
    queryFn: ({ signal }) => fetchJson<FixResponse>(apiPaths.fix(scope, windowMs), { signal }),
    enabled,
    staleTime: 30_000,
  });
}

/** Pushes the fix's branch; the header tells the server the page itself asks (see lib/api/request-host). */
export function useOpenPullRequest(scope: FixScope, windowMs: number) {
  return useMutation({
    mutationFn: () =>
      fetchJson<PullRequestResponse>(apiPaths.pullRequest(scope, windowMs), {
        method: "POST",
        headers: { [PAGE_REQUEST_HEADER]: "1" },
      }),
  });
}
