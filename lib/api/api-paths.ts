import { formatDuration } from "@/lib/config/duration";
import { dropsFilterSearch, NO_DROPS_FILTER, type DropsFilter } from "@/lib/drops/drops-filter";
import { DEFAULT_DETAIL_REQUEST, serializeDetailRequest, type DetailRequest } from "@/lib/graph/graph-detail";
import { fixScopeQuery } from "./fix-scope";
import type { FixScope } from "./responses";

// The URL of every Sieve API call the page makes, built in one place beside the schemas that parse
// them (query-params.ts), so what the page asks and what the route accepts are tested together.

const window = (windowMs: number) => `window=${formatDuration(windowMs)}`;

export const apiPaths = {
  status: () => "/api/status",
  conventions: () => "/api/conventions",
  posture: (windowMs: number) => `/api/posture?${window(windowMs)}`,
  namespacePosture: (name: string) => `/api/posture/${encodeURIComponent(name)}`,
  checklist: (name: string, windowMs: number) =>
    `/api/namespaces/${encodeURIComponent(name)}/checklist?${window(windowMs)}`,
  /**
   * `query`: the graph view's state as serializeGraphViewState writes it; `detail`: what to answer
   * beyond the level of detail (lib/graph/graph-detail), by default nothing.
   */
  graph: (query: string, detail: DetailRequest = DEFAULT_DETAIL_REQUEST) =>
    `/api/graph?${[query, serializeDetailRequest(detail)].filter((part) => part !== "").join("&")}`,
  edge: (id: string, windowMs: number) => `/api/graph/edge?id=${encodeURIComponent(id)}&${window(windowMs)}`,
  drops: (windowMs: number, filter: DropsFilter = NO_DROPS_FILTER) =>
    `/api/drops?${[window(windowMs), dropsFilterSearch(filter)].filter(Boolean).join("&")}`,
  fix: (scope: FixScope, windowMs: number) => `/api/fix?${fixScopeQuery(scope)}&${window(windowMs)}`,
  pullRequest: (scope: FixScope, windowMs: number) =>
    `/api/fix/pull-request?${fixScopeQuery(scope)}&${window(windowMs)}`,
  whatIfBranches: () => "/api/what-if/branches",
  /** `search`: hubble observe flags as URL parameters, in order (flowsSearchOfFlags). */
  flows: (search: string) => `/api/flows?${search}`,
  whatIf: (ref: string) => `/api/what-if?${new URLSearchParams({ ref }).toString()}`,
};
