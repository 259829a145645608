import type { DrawingEdge, DrawingNode } from "./graph-drawing";
import { isEdgeId, isNodeId } from "./graph-ids";
import type { UrlStateProblem } from "./graph-url-state";

// Level of detail: what the canvas draws when the graph is too big to read or to pan smoothly.
// Every edge that drops (or would drop) is drawn first, most drops first; forwarded edges fill what
// is left of the budget, the busiest between nodes already drawn first, then the busiest others;
// nodes are those the drawn edges touch. /api/graph answers
// with what is drawn and the totals (graphAtDetail), so the page never downloads, parses and
// refreshes every second what it does not draw; `?detail=all` asks for everything (the page's
// "Show all"), and the page says what is drawn ("2,000 of 100,000 edges").

/** Edges drawn when not all are asked for; beyond it, a frame costs more than panning allows. */
export const DETAIL_EDGE_BUDGET = 2_000;
/**
 * Dropping edges are drawn even past the budget, up to this many: drops are what the graph is
 * for. Beyond it (a cluster-wide outage), the most dropping ones are drawn and the list has all.
 */
export const MAX_DRAWN_DROPPING_EDGES = 10_000;

/** What was left out, in numbers: what /api/graph says beside the nodes and edges it answers. */
export interface GraphDetail {
  /** Whether something was left out. */
  limited: boolean;
  totalNodes: number;
  totalEdges: number;
  drawnNodes: number;
  drawnEdges: number;
  /** Edges with drops, audited drops or would-be drops, in the data and on the canvas. */
  droppingEdges: number;
  droppingEdgesDrawn: number;
}

export interface DetailLevel extends GraphDetail {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
}

/** What the page asks of /api/graph beyond its filters. */
export interface DetailRequest {
  /** Every node and edge, whatever the size (`?detail=all`). */
  all: boolean;
  /** An element answered whatever the budget (`?keep=<node or edge id>`): the selection. */
  keep: string | null;
}

export const DEFAULT_DETAIL_REQUEST: DetailRequest = { all: false, keep: null };

/** `?detail=all&keep=<id>`; a value that does not parse is left at its default and reported. */
export function parseDetailRequest(params: URLSearchParams): {
  request: DetailRequest;
  problems: UrlStateProblem[];
} {
  const problems: UrlStateProblem[] = [];
  const detail = params.get("detail");
  if (detail !== null && detail !== "all")
    problems.push({ param: "detail", value: detail.slice(0, 60), problem: 'not "all"' });
  let keep = params.get("keep");
  if (keep !== null && !isNodeId(keep) && !isEdgeId(keep)) {
    problems.push({ param: "keep", value: keep.slice(0, 60), problem: "not a graph node or edge id" });
    keep = null;
  }
  return { request: { all: detail === "all", keep }, problems };
}

/** The query parameters of a DetailRequest, "" for the default; to append to the filters' query. */
export function serializeDetailRequest(request: DetailRequest): string {
  const params = new URLSearchParams();
  if (request.all) params.set("detail", "all");
  if (request.keep !== null) params.set("keep", request.keep);
  return params.toString();
}

/** A graph answer cut to its level of detail, with what was left out in numbers. */
export function graphAtDetail<G extends { nodes: readonly DrawingNode[]; edges: readonly DrawingEdge[] }>(
  graph: G,
  request: DetailRequest,
): Omit<G, "nodes" | "edges"> & { nodes: DrawingNode[]; edges: DrawingEdge[]; detail: GraphDetail } {
  const { nodes, edges, ...detail } = levelOfDetail(graph, { all: request.all, keep: [request.keep] });
  return { ...graph, nodes, edges, detail };
}

/**
 * The `count` edges with the most forwarded flows, ties to the lower id: what sorting them all by
 * (forwarded, id) and keeping the first `count` gives, without sorting 100,000 objects per answer.
 */
function busiestEdges(edges: DrawingEdge[], count: number): DrawingEdge[] {
  if (count <= 0) return [];
  if (edges.length <= count) return edges;
  const forwarded = Float64Array.from(edges, (e) => e.forwarded).sort();
  const threshold = forwarded[forwarded.length - count]!;
  const above = edges.filter((e) => e.forwarded > threshold);
  const at = edges
    .filter((e) => e.forwarded === threshold)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count - above.length);
  return [...above, ...at];
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
      drawnNodes: nodes.length,
      drawnEdges: edges.length,
      droppingEdgesDrawn: dropping.length,
    };
  }

  const drawnDropping =
    dropping.length > MAX_DRAWN_DROPPING_EDGES
      ? dropping.sort(byWeight(dropWeight)).slice(0, MAX_DRAWN_DROPPING_EDGES)
      : dropping;
  const keep = new Set(options.keep?.filter((id): id is string => id !== null));
  const drawn = new Set<DrawingEdge>(drawnDropping);
  for (const edge of edges) if (keep.has(edge.id)) drawn.add(edge);
  const ends = new Set<string>(keep);
  for (const edge of drawn) ends.add(edge.source).add(edge.target);

  // The traffic around the drops first: forwarded edges between nodes already drawn add no node
  // (a lighter, more connected drawing: at 10,000 namespaces, a third fewer nodes). Then the
  // busiest of the others.
  const room = Math.max(0, budget - drawnDropping.length);
  const forwarded = edges.filter((e) => dropWeight(e) === 0 && !drawn.has(e));
  const around = busiestEdges(
    forwarded.filter((e) => ends.has(e.source) && ends.has(e.target)),
    room,
  );
  const elsewhere = busiestEdges(
    forwarded.filter((e) => !ends.has(e.source) || !ends.has(e.target)),
    room - around.length,
  );
  for (const edge of [...around, ...elsewhere]) {
    drawn.add(edge);
    ends.add(edge.source).add(edge.target);
  }
  const drawnNodes = nodes.filter((n) => ends.has(n.id));
  // In the data's order, so the drawing does not depend on how the edges were ranked.
  const drawnEdges = edges.filter((e) => drawn.has(e));
  return {
    nodes: drawnNodes,
    edges: drawnEdges,
    limited: drawnEdges.length < edges.length || drawnNodes.length < nodes.length,
    ...whole,
    drawnNodes: drawnNodes.length,
    drawnEdges: drawnEdges.length,
    droppingEdgesDrawn: drawnEdges.filter((e) => dropWeight(e) > 0).length,
  };
}

const count = (n: number) => n.toLocaleString("en-US");

/** What the page says about the level of detail of what it draws; null when everything is drawn. */
export function detailSentence(level: GraphDetail): string | null {
  if (!level.limited) return null;
  const drawnText = `Drawing ${count(level.drawnEdges)} of ${count(level.totalEdges)} edges and ${count(level.drawnNodes)} of ${count(level.totalNodes)} nodes`;
  if (level.droppingEdges === 0) return `${drawnText}: no edge has drops, the busiest are drawn.`;
  const drops =
    level.droppingEdgesDrawn >= level.droppingEdges
      ? `all ${count(level.droppingEdges)} edges with drops or would-be drops drawn`
      : `${count(level.droppingEdgesDrawn)} of ${count(level.droppingEdges)} edges with drops or would-be drops drawn, most drops first`;
  return `${drawnText}: ${drops}, then the busiest forwarded edges between the nodes they touch, then the busiest others.`;
}
