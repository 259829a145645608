import { NO_DROPS_FILTER, type DropsFilter } from "@/lib/drops/drops-filter";

// One factory for every query key, so invalidation and prefetching agree on names.
export const queryKeys = {
  status: () => ["status"] as const,
  graph: (query: string) => ["graph", query] as const,
  edge: (id: string, windowMs: number) => ["edge", { id, windowMs }] as const,
  flows: (search: string) => ["flows", search] as const,
  drops: (windowMs: number, filter: DropsFilter = NO_DROPS_FILTER) =>
    ["drops", { windowMs, namespace: filter.namespace, port: filter.port }] as const,
  posture: (windowMs: number) => ["posture", { windowMs }] as const,
  conventions: () => ["conventions"] as const,
  namespacePosture: (name: string) => ["posture", name] as const,
  fix: (scope: string, windowMs: number) => ["fix", { scope, windowMs }] as const,
  checklist: (name: string, windowMs: number) => ["checklist", { name, windowMs }] as const,
  whatIfBranches: () => ["what-if", "branches"] as const,
  whatIf: (ref: string) => ["what-if", { ref }] as const,
};
