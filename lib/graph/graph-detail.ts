import type { DrawingEdge, DrawingNode } from "./graph-drawing";

// Level of detail: what the canvas draws when the graph is too big to read or to pan smoothly.
// Every edge that drops (or would drop) is drawn first, most drops first; the busiest forwarded
// edges fill what is left of the budget; nodes are those the drawn edges touch. What is left out
// stays in the data, so the lists beside the canvas still hold every edge, and the page says what
// is drawn ("2,000 of 100,000 edges").

/** Edges drawn when not all are asked for; beyond it, a frame costs more than panning allows. */
export const DETAIL_EDGE_BUDGET = 2_000;
/**
 * Dropping edges are drawn even past the budget, up to this many: drops are what the graph is
 * for. Beyond it (a cluster-wide outage), the most dropping ones are drawn and the list has all.
 */
export const MAX_DRAWN_DROPPING_EDGES = 10_000;

export interface DetailLevel {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  /** Whether something was left out. */
  limited: boolean;
  totalNodes: number;
  totalEdges: number;
  /** Edges with drops, audited drops or would-be drops, in the data and on the canvas. */
  droppingEdges: number;
  droppingEdgesDrawn: number;
}

function dropWeight(edge: DrawingEdge): number {
  return edge.dropped + edge.audited + (edge.wouldDrop ?? 0);
}

function byWeight(weight: (edge: DrawingEdge) => number) {
  return (a: DrawingEdge, b: DrawingEdge) =>
    weight(b) - weight(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function levelOfDetail(
  drawing: { nodes: readonly DrawingNode[]; edges: readonly DrawingEdge[] },
  options: {
    /** Draw everything, whatever the size. */
    all?: boolean;
    edgeBudget?: number;
    /** Elements drawn whatever the budget (the selection): an edge brings its two ends. */
    keep?: readonly (string | null)[];
  } = {},
): DetailLevel {
  const { nodes, edges } = drawing;
  const budget = options.edgeBudget ?? DETAIL_EDGE_BUDGET;
  const dropping = edges.filter((e) => dropWeight(e) > 0);
  const whole = {
    totalNodes: nodes.length,
    totalEdges: edges.length,
    droppingEdges: dropping.length,
  };
  if (options.all || edges.length <= budget) {
    return {
      nodes: [...nodes],
      edges: [...edges],
      limited: false,
      ...whole,
      droppingEdgesDrawn: dropping.length,
    };
  }

  const drawnDropping = dropping.sort(byWeight(dropWeight)).slice(0, MAX_DRAWN_DROPPING_EDGES);
  const room = Math.max(0, budget - drawnDropping.length);
  const busiest =
    room === 0
      ? []
      : edges
          .filter((e) => dropWeight(e) === 0)
          .sort(byWeight((e) => e.forwarded))
          .slice(0, room);
  const drawn = new Set<DrawingEdge>([...drawnDropping, ...busiest]);
  const keep = new Set(options.keep?.filter((id): id is string => id !== null));
  for (const edge of edges) if (keep.has(edge.id)) drawn.add(edge);

  const ends = new Set<string>(keep);
  for (const edge of drawn) ends.add(edge.source).add(edge.target);
  const drawnNodes = nodes.filter((n) => ends.has(n.id));
  // In the data's order, so the drawing does not depend on how the edges were ranked.
  const drawnEdges = edges.filter((e) => drawn.has(e));
  return {
    nodes: drawnNodes,
    edges: drawnEdges,
    limited: drawnEdges.length < edges.length || drawnNodes.length < nodes.length,
    ...whole,
    droppingEdgesDrawn: drawnEdges.filter((e) => dropWeight(e) > 0).length,
  };
}

const count = (n: number) => n.toLocaleString("en-US");

/** What the page says about the level of detail; null when everything is drawn. */
export function detailSentence(level: DetailLevel): string | null {
  if (!level.limited) return null;
  const drawn = `Drawing ${count(level.edges.length)} of ${count(level.totalEdges)} edges and ${count(level.nodes.length)} of ${count(level.totalNodes)} nodes`;
  const drops =
    level.droppingEdges === 0
      ? "no edge has drops"
      : level.droppingEdgesDrawn >= level.droppingEdges
        ? `all ${count(level.droppingEdges)} edges with drops or would-be drops drawn`
        : `${count(level.droppingEdgesDrawn)} of ${count(level.droppingEdges)} edges with drops or would-be drops drawn, most drops first`;
  return `${drawn}: ${drops}, then the busiest forwarded edges.`;
}
