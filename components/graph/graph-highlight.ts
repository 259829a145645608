// Which elements stay in view when one is hovered or selected, and which edges step back while
// drops are on the graph. Plain data in, ids out; the graph component applies them as classes
// ("faded", "subdued") that the style sheet draws.

interface EdgeEnds {
  id: string;
  source: string;
  target: string;
}

/**
 * The focused element and what is attached to it: a node with its edges and their other ends; an
 * edge with its two ends. Empty when the focus is not on the graph.
 */
export function attachedTo(
  focus: string,
  nodeIds: readonly string[],
  edges: readonly EdgeEnds[],
): Set<string> {
  const kept = new Set<string>();
  const edge = edges.find((e) => e.id === focus);
  if (edge) {
    kept.add(edge.id).add(edge.source).add(edge.target);
    return kept;
  }
  if (!nodeIds.includes(focus)) return kept;
  kept.add(focus);
  for (const e of edges) {
    if (e.source === focus || e.target === focus) kept.add(e.id).add(e.source).add(e.target);
  }
  return kept;
}

/** Ids to fade while `focus` is hovered or selected: everything not attached to it. */
export function fadedIds(
  focus: string | null,
  nodeIds: readonly string[],
  edges: readonly EdgeEnds[],
): Set<string> {
  if (focus === null) return new Set();
  const kept = attachedTo(focus, nodeIds, edges);
  if (kept.size === 0) return new Set();
  const faded = new Set<string>();
  for (const id of nodeIds) if (!kept.has(id)) faded.add(id);
  for (const e of edges) if (!kept.has(e.id)) faded.add(e.id);
  return faded;
}

/** Forwarded edges with nothing else to tell, subdued as soon as one edge of the graph drops. */
export function subduedEdgeIds(
  edges: readonly (EdgeEnds & { dropped: number; wouldDrop?: number; audited?: number })[],
): Set<string> {
  if (!edges.some((e) => e.dropped > 0)) return new Set();
  return new Set(
    edges
      .filter((e) => e.dropped === 0 && (e.wouldDrop ?? 0) === 0 && (e.audited ?? 0) === 0)
      .map((e) => e.id),
  );
}
