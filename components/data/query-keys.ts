// One factory for every query key, so invalidation and prefetching agree on names.
export const queryKeys = {
  status: () => ["status"] as const,
  namespaces: (windowMs: number) => ["namespaces", { windowMs }] as const,
};
