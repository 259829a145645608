import type { DrawingNode } from "@/lib/graph/graph-drawing";
import {
  edgesUnderNodes,
  NODE_CLEARANCE,
  nodePairs,
  parallelBulge,
  segmentMeetsSquare,
  type Point,
} from "./graph-geometry";

// The layout of graphs too big for the grid search (graph-layout's routed layout) yet small enough
// to read whole: a cluster's traffic is a few hubs (kube-system's DNS, monitoring's scrapes, the
// database, the world) that most namespaces talk to, and namespaces that talk to few others.
// The hubs go on a small inner circle, the rest on a wide outer ring, so that
// - an edge between two hubs is a chord of the inner circle: it clears the hubs between its ends
//   once the circle is wide enough for its closest pair;
// - an edge from the ring to a hub runs steeply inwards, clear of the ring's other nodes, and the
//   ring slots from which it would pass under another hub (that hub's shadow) are left out;
// - the non-hubs are chosen so that among themselves they form paths, and each path takes
//   consecutive slots, so its edges pass under no node.
// The result is checked with the same geometry the tests use (graph-geometry), and the rings
// widened when something still passes under a node.

/** More hubs than this, and the graph is no hub-and-spoke graph: the caller keeps the plain rings. */
export const MAX_HUBS = 24;
/** Distance between neighbouring slots of the outer ring. */
const SLOT_SPACING = 80;
/** The least radius of the inner circle. */
const MIN_HUB_RADIUS = 160;
/**
 * The outer ring's radius over the inner circle's: edges from the ring then leave it at 60° or
 * more, clear of the ring's neighbouring nodes; and the wider the inner circle, the narrower the
 * slots from which a hub hides another (its shadow), so the hubs take half the ring's radius.
 */
const RING_TO_HUB_RADIUS = 2;

interface Pair {
  a: string;
  b: string;
  /** Half side of the square the edge keeps clear of other nodes (graph-geometry). */
  half: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Hubs: the fewest nodes (most connected first) whose removal leaves the others joined in paths
 * only — no node with more than two neighbours among them, no cycle. Null beyond MAX_HUBS.
 */
function chooseHubs(ids: readonly string[], neighbours: ReadonlyMap<string, ReadonlyMap<string, number>>) {
  const hubs = new Set<string>();
  const leafDegree = new Map(ids.map((id) => [id, neighbours.get(id)!.size]));
  const promote = (id: string) => {
    hubs.add(id);
    for (const other of neighbours.get(id)!.keys()) {
      if (!hubs.has(other)) leafDegree.set(other, leafDegree.get(other)! - 1);
    }
  };
  for (;;) {
    let best: string | null = null;
    for (const id of ids) {
      if (hubs.has(id)) continue;
      const degree = leafDegree.get(id)!;
      if (degree <= 2) continue;
      const bestDegree = best === null ? -1 : leafDegree.get(best)!;
      if (degree > bestDegree) best = id;
    }
    if (best === null) break;
    promote(best);
    if (hubs.size > MAX_HUBS) return null;
  }
  // What is left has at most two neighbours each: paths, and cycles, each of which loses one node.
  const seen = new Set<string>();
  for (const start of ids) {
    if (hubs.has(start) || seen.has(start)) continue;
    const members: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const id = stack.pop()!;
      members.push(id);
      for (const other of neighbours.get(id)!.keys()) {
        if (hubs.has(other) || seen.has(other)) continue;
        seen.add(other);
        stack.push(other);
      }
    }
    if (members.length > 2 && members.every((id) => leafDegree.get(id) === 2)) {
      const mostConnected = members.reduce((a, b) =>
        neighbours.get(b)!.size > neighbours.get(a)!.size ||
        (neighbours.get(b)!.size === neighbours.get(a)!.size && b < a)
          ? b
          : a,
      );
      promote(mostConnected);
      if (hubs.size > MAX_HUBS) return null;
    }
  }
  return hubs;
}

/** The non-hubs in paths (each in walking order), singletons included. */
function leafPaths(
  ids: readonly string[],
  hubs: ReadonlySet<string>,
  neighbours: ReadonlyMap<string, ReadonlyMap<string, number>>,
): string[][] {
  const leafNeighbours = (id: string) =>
    [...neighbours.get(id)!.keys()].filter((o) => !hubs.has(o)).sort(byId);
  const paths: string[][] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (hubs.has(id) || seen.has(id) || leafNeighbours(id).length > 1) continue;
    // An end of a path (or a node alone): walk to the other end.
    const path = [id];
    seen.add(id);
    let next = leafNeighbours(id).find((o) => !seen.has(o));
    while (next !== undefined) {
      path.push(next);
      seen.add(next);
      next = leafNeighbours(next).find((o) => !seen.has(o));
    }
    paths.push(path);
  }
  return paths;
}

/** Applications first, clustered by profile as the rings are; then platform namespaces, then peers. */
function leafOrder(node: DrawingNode): [number, number, string, string] {
  const group = node.kind !== "namespace" ? 2 : node.namespaceKind === "platform" ? 1 : 0;
  return [group, node.profileRank ?? Number.MAX_SAFE_INTEGER, node.profile ?? "", node.id];
}

function compareOrder(a: [number, number, string, string], b: [number, number, string, string]): number {
  return a[0] - b[0] || a[1] - b[1] || byId(a[2], b[2]) || byId(a[3], b[3]);
}

function onCircle(radius: number, index: number, count: number): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return { x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)) };
}

/** The least radius of a circle of the hubs on which no edge between two of them passes under a third. */
function hubRadius(hubs: readonly string[], hubPairs: readonly Pair[]): number {
  if (hubs.length <= 1) return 0;
  for (let radius = MIN_HUB_RADIUS; ; radius *= 1.25) {
    const at = new Map(hubs.map((id, i) => [id, onCircle(radius, i, hubs.length)]));
    const clear = hubPairs.every((pair) =>
      hubs.every(
        (id) =>
          id === pair.a ||
          id === pair.b ||
          !segmentMeetsSquare(at.get(pair.a)!, at.get(pair.b)!, at.get(id)!, pair.half),
      ),
    );
    if (clear) return radius;
  }
}

/**
 * The hub-and-ring layout of `nodes`, or null when the graph has more than MAX_HUBS hubs. Every
 * edge clears every node it does not join, unless widening the rings a few times did not get there.
 */
export function hubRingPositions(
  nodes: readonly DrawingNode[],
  edges: readonly { source: string; target: string }[],
): Map<string, Point> | null {
  const byNodeId = new Map(nodes.map((n) => [n.id, n]));
  const ids = [...byNodeId.keys()].sort(byId);
  const pairs: Pair[] = nodePairs(edges)
    .filter((p) => byNodeId.has(p.a) && byNodeId.has(p.b))
    .map((p) => ({ a: p.a, b: p.b, half: NODE_CLEARANCE + parallelBulge(p.edges) }));
  const neighbours = new Map<string, Map<string, number>>(ids.map((id) => [id, new Map()]));
  for (const pair of pairs) {
    neighbours.get(pair.a)!.set(pair.b, pair.half);
    neighbours.get(pair.b)!.set(pair.a, pair.half);
  }
  const hubSet = chooseHubs(ids, neighbours);
  if (hubSet === null) return null;
  const hubs = [...hubSet].sort((a, b) =>
    compareOrder(leafOrder(byNodeId.get(a)!), leafOrder(byNodeId.get(b)!)),
  );
  const minHubRadius = hubRadius(
    hubs,
    pairs.filter((p) => hubSet.has(p.a) && hubSet.has(p.b)),
  );
  let inner = new Map<string, Point>();
  const paths = leafPaths(ids, hubSet, neighbours).sort((a, b) => {
    const first = (path: string[]) => path.map((id) => leafOrder(byNodeId.get(id)!)).sort(compareOrder)[0]!;
    return compareOrder(first(a), first(b));
  });
  const leaves = paths.reduce((n, path) => n + path.length, 0);

  /** Whether a leaf at `spot` sees each of its hubs without another hub in the way. */
  const clearOfHubs = (id: string, spot: Point): boolean => {
    for (const [other, half] of neighbours.get(id)!) {
      const hub = inner.get(other);
      if (!hub) continue;
      for (const [hubId, at] of inner) {
        if (hubId !== other && segmentMeetsSquare(spot, hub, at, half)) return false;
      }
    }
    return true;
  };

  /** The leaves round a ring of `slots` slots, each path in order; null when they do not fit. */
  const assign = (slots: number, radius: number): Map<string, Point> | null => {
    const hubCircle = Math.max(minHubRadius, radius / RING_TO_HUB_RADIUS);
    inner = new Map(
      hubs.map((id, i) => [id, hubs.length === 1 ? { x: 0, y: 0 } : onCircle(hubCircle, i, hubs.length)]),
    );
    const placed = new Map(inner);
    let slot = 0;
    for (const path of paths) {
      for (const id of path) {
        while (slot < slots && !clearOfHubs(id, onCircle(radius, slot, slots))) slot += 1;
        if (slot >= slots) return null;
        placed.set(id, onCircle(radius, slot, slots));
        slot += 1;
      }
    }
    return placed;
  };

  let best: { positions: Map<string, Point>; crossings: number } | null = null;
  let slots = Math.max(8, Math.ceil(leaves * 1.15) + 8);
  let scale = 1;
  for (let attempt = 0; attempt < 16; attempt += 1) {
    const radius =
      scale * Math.max((slots * SLOT_SPACING) / (2 * Math.PI), minHubRadius * RING_TO_HUB_RADIUS);
    const positions = assign(slots, radius);
    if (positions === null) {
      // Too many slots in the hubs' shadows: more slots, and a wider ring with wider hub circle.
      slots = Math.ceil(slots * 1.25);
      continue;
    }
    const crossings = edgesUnderNodes(positions, edges).length;
    if (best === null || crossings < best.crossings) best = { positions, crossings };
    if (crossings === 0) break;
    scale *= 1.3;
  }
  return best?.positions ?? null;
}
