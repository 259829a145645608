"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { fixScopeQuery } from "@/lib/api/fix-scope";
import type { FixResponse, FixScope, PullRequestResponse } from "@/lib/api/responses";
import { formatDuration } from "@/lib/config/duration";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

function fixPath(scope: FixScope, windowMs: number): string {
  return `${fixScopeQuery(scope)}&window=${formatDuration(windowMs)}`;
}

/** Why? and Fix of an edge's or a group's drops; computed on demand, not polled (the proof is heavy). */
export function useFix(scope: FixScope, windowMs: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.fix(fixScopeQuery(scope), windowMs),
    queryFn: ({ signal }) => fetchJson<FixResponse>(`/api/fix?${fixPath(scope, windowMs)}`, signal),
    enabled,
    staleTime: 30_000,
  });
}

export function useOpenPullRequest(scope: FixScope, windowMs: number) {
  return useMutation({
    mutationFn: async () => {
      const response = await fetch(`/api/fix/pull-request?${fixPath(scope, windowMs)}`, {
        method: "POST",
        headers: { accept: "application/json" },
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw new Error((body as { error?: string } | null)?.error ?? `${response.status}`);
      return body as PullRequestResponse;
    },
  });
}
