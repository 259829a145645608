import { namespaceNodeId } from "./graph-ids";

// A namespace's drops in both directions, from the graph's own edges: the namespace page lists the
// same edges, with the same counts, as the graph drawn over the same window.

export interface NamespaceDropEdges<E> {
  /** Drops of traffic into the namespace, from another peer. */
  into: E[];
  /** Drops of traffic from the namespace (to itself as well). */
  from: E[];
}

/** The edges of `namespace` that dropped in the window, split by direction, most drops first. */
export function namespaceDropEdges<
  E extends { id: string; source: string; target: string; dropped: number; audited: number },
>(namespace: string, edges: readonly E[]): NamespaceDropEdges<E> {
  const self = namespaceNodeId(namespace);
  const drops = (e: E) => e.dropped + e.audited;
  const sorted = edges
    .filter((e) => drops(e) > 0)
    .sort((a, b) => drops(b) - drops(a) || a.id.localeCompare(b.id));
  return {
    into: sorted.filter((e) => e.target === self && e.source !== self),
    from: sorted.filter((e) => e.source === self),
  };
}
