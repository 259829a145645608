import type { DrawingNode } from "@/lib/graph/graph-drawing";
import {
  edgesUnderNodes,
  NODE_CLEARANCE,
  nodePairs,
  parallelBulge,
  segmentMeetsSquare,
  type Point,
} from "./graph-geometry";
import { hubRingPositions } from "./hub-ring-layout";

export type { Point } from "./graph-geometry";

// A deterministic layout in two steps. The groups first: platform namespaces on an inner ring,
// applications on outer rings and special peers (world, host, …) in a column on the left. Then,
// for graphs small enough to read, each node moves to the free grid point near its group's place
// from which no edge passes under an unrelated node and no edge already drawn passes under it.
// A few hundred nodes take the hub-and-ring layout instead (hub-ring-layout), which keeps edges
// clear the same way; beyond, the rings stay as they are.
// A node's place depends only on the graph, and the component keeps the places of nodes it
// already drew, so the picture does not jump as flows arrive.

const RING_SPACING = 110;
const NODE_SPACING = 70;
/** Grid step of the places a node may take; also the least distance between two nodes. */
const GRID_STEP = 80;
/** Beyond this many nodes, no grid search: it grows with nodes × edges. */
export const ROUTED_LAYOUT_MAX_NODES = 80;
/**
 * Segment tests the routed layout may spend. A dense graph has no placement that keeps every edge
 * clear, and the search for one grows with nodes² × edges (80 nodes / 800 edges: 6 s in Node);
 * past this, the nodes left take the free grid point nearest their group's place.
 */
export const ROUTED_LAYOUT_WORK_BUDGET = 4_000_000;
/** Up to this many nodes, hub-and-spoke graphs get the hub-and-ring layout (hub-ring-layout). */
export const HUB_RING_MAX_NODES = 600;

export type NodeGroup = "special" | "platform" | "application";

export function groupOf(node: Pick<DrawingNode, "kind" | "namespaceKind">): NodeGroup {
  if (node.kind !== "namespace") return "special";
  return node.namespaceKind === "platform" ? "platform" : "application";
}

/** Places `count` nodes on concentric rings starting at `radius`, each ring as full as spacing allows. */
function ringPositions(count: number, radius: number): { points: Point[]; outerRadius: number } {
  const points: Point[] = [];
  let r = radius;
  while (points.length < count) {
    const capacity = Math.max(6, Math.floor((2 * Math.PI * r) / NODE_SPACING));
    const onRing = Math.min(capacity, count - points.length);
    for (let i = 0; i < onRing; i += 1) {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / onRing;
      points.push({ x: Math.round(r * Math.cos(angle)), y: Math.round(r * Math.sin(angle)) });
    }
    if (points.length < count) r += RING_SPACING;
  }
  return { points, outerRadius: r };
}

/** Applications of one profile side by side, the profiles in rank order, unknown ones last. */
function byProfile(a: DrawingNode, b: DrawingNode): number {
  const rank = (n: DrawingNode) => n.profileRank ?? Number.MAX_SAFE_INTEGER;
  return rank(a) - rank(b) || compareText(a.profile ?? "", b.profile ?? "") || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Where each node's group puts it: the rings and the column. With `clusterProfiles`, the
 * applications go round their rings profile by profile, so each profile is an arc of one colour.
 */
export function groupPositions(
  nodes: readonly DrawingNode[],
  { clusterProfiles = false }: { clusterProfiles?: boolean } = {},
): Map<string, Point> {
  const byGroup: Record<NodeGroup, DrawingNode[]> = { special: [], platform: [], application: [] };
  for (const node of nodes) byGroup[groupOf(node)].push(node);
  for (const list of Object.values(byGroup)) list.sort((a, b) => a.id.localeCompare(b.id));
  if (clusterProfiles) byGroup.application.sort(byProfile);

  const positions = new Map<string, Point>();
  const platform = ringPositions(byGroup.platform.length, 140);
  byGroup.platform.forEach((node, i) => positions.set(node.id, platform.points[i]!));
  const applications = ringPositions(byGroup.application.length, platform.outerRadius + 150);
  byGroup.application.forEach((node, i) => positions.set(node.id, applications.points[i]!));
  const left = -(applications.outerRadius + 160);
  const top = -((byGroup.special.length - 1) * NODE_SPACING) / 2;
  byGroup.special.forEach((node, i) => positions.set(node.id, { x: left, y: top + i * NODE_SPACING }));
  return positions;
}

export function layoutPositions(
  nodes: readonly DrawingNode[],
  edges: readonly { source: string; target: string }[] = [],
): Map<string, Point> {
  if (nodes.length > ROUTED_LAYOUT_MAX_NODES) {
    // Hub-and-spoke graphs of a few hundred nodes: hubs inside, the rest round them, edges clear.
    if (nodes.length <= HUB_RING_MAX_NODES && edges.length > 0) {
      const hubRing = hubRingPositions(nodes, edges);
      if (hubRing) return hubRing;
    }
    // Bigger graphs, and graphs without few hubs, keep the rings, their profiles clustered: one
    // pass over the nodes.
    return groupPositions(nodes, { clusterProfiles: true });
  }
  const wanted = groupPositions(nodes);
  if (edges.length === 0) return wanted;
  return routedPositions(nodes, edges, wanted).positions;
}

interface Neighbour {
  id: string;
  /** Half side of the square the edge to it must keep clear of other nodes. */
  half: number;
}

/**
 * Greedy placement on a grid: the best-connected nodes first, each at the grid point with the
 * fewest edges under nodes, then nearest its group's place and its placed neighbours. Then a few
 * rounds move each node of a remaining crossing to its best point given all the others.
 */
export function routedPositions(
  nodes: readonly DrawingNode[],
  edges: readonly { source: string; target: string }[],
  wanted: ReadonlyMap<string, Point>,
): { positions: Map<string, Point>; work: number } {
  /** Segment tests spent so far, against ROUTED_LAYOUT_WORK_BUDGET. */
  let work = 0;
  const spent = () => work >= ROUTED_LAYOUT_WORK_BUDGET;
  const present = new Set(nodes.map((n) => n.id));
  const neighbours = new Map<string, Neighbour[]>(nodes.map((n) => [n.id, []]));
  const pairs = nodePairs(edges)
    .filter((p) => present.has(p.a) && present.has(p.b))
    .map((p) => ({ a: p.a, b: p.b, half: NODE_CLEARANCE + parallelBulge(p.edges) }));
  for (const pair of pairs) {
    neighbours.get(pair.a)!.push({ id: pair.b, half: pair.half });
    neighbours.get(pair.b)!.push({ id: pair.a, half: pair.half });
  }
  const order = [...nodes].sort(
    (a, b) => neighbours.get(b.id)!.length - neighbours.get(a.id)!.length || a.id.localeCompare(b.id),
  );

  let extent = 0;
  for (const p of wanted.values()) extent = Math.max(extent, Math.abs(p.x), Math.abs(p.y));
  const cells = Math.ceil(extent / GRID_STEP) + 2;
  const candidates: Point[] = [];
  for (let gx = -cells; gx <= cells; gx += 1)
    for (let gy = -cells; gy <= cells; gy += 1) candidates.push({ x: gx * GRID_STEP, y: gy * GRID_STEP });

  const placed = new Map<string, Point>();
  /**
   * Crossings and cost of `id` at `spot`, against the nodes placed so far (without `id`); the
   * crossings are not counted (Infinity) when the rest of the cost already reaches `bound`.
   */
  const costAt = (id: string, spot: Point, bound = Infinity): { crossings: number; cost: number } => {
    const target = wanted.get(id)!;
    let cost = Math.hypot(target.x - spot.x, target.y - spot.y);
    const placedNeighbours: { at: Point; id: string; half: number }[] = [];
    for (const neighbour of neighbours.get(id)!) {
      const at = placed.get(neighbour.id);
      if (!at) continue;
      cost += 0.25 * Math.hypot(at.x - spot.x, at.y - spot.y);
      placedNeighbours.push({ at, id: neighbour.id, half: neighbour.half });
    }
    const beyond = { crossings: Infinity, cost: Infinity };
    if (cost >= bound) return beyond;
    work += pairs.length + placedNeighbours.length * placed.size;
    // Counting stops as soon as the spot cannot beat `bound`: the dense part of the search.
    let crossings = 0;
    for (const pair of pairs) {
      if (pair.a === id || pair.b === id) continue;
      const from = placed.get(pair.a);
      const to = placed.get(pair.b);
      if (from && to && segmentMeetsSquare(from, to, spot, pair.half) && cost + ++crossings * 1e6 >= bound)
        return beyond;
    }
    for (const neighbour of placedNeighbours) {
      for (const [node, at] of placed) {
        if (
          node !== neighbour.id &&
          segmentMeetsSquare(spot, neighbour.at, at, neighbour.half) &&
          cost + ++crossings * 1e6 >= bound
        )
          return beyond;
      }
    }
    return { crossings, cost: cost + crossings * 1e6 };
  };
  const bestSpot = (id: string): { spot: Point; crossings: number } => {
    const taken = new Set([...placed.values()].map((p) => `${p.x},${p.y}`));
    const target = wanted.get(id)!;
    // Nearest first, so that a good spot bounds the search early; a spot costs at least its distance.
    const nearestFirst = candidates
      .map((spot) => ({ spot, distance: Math.hypot(target.x - spot.x, target.y - spot.y) }))
      .sort((a, b) => a.distance - b.distance);
    let best = { spot: target, crossings: Infinity, cost: Infinity };
    for (const { spot, distance } of nearestFirst) {
      if (distance >= best.cost) break;
      if (taken.has(`${spot.x},${spot.y}`)) continue;
      // Out of budget: the best spot found, else the nearest free point, its crossings uncounted
      // (Infinity: a node being moved again stays where it is).
      if (spent()) return best.cost === Infinity ? { spot, crossings: Infinity } : best;
      const { crossings, cost } = costAt(id, spot, best.cost);
      if (cost < best.cost) best = { spot, crossings, cost };
    }
    return best;
  };

  let crossingsLeft = 0;
  for (const node of order) {
    const { spot, crossings } = bestSpot(node.id);
    placed.set(node.id, spot);
    crossingsLeft += crossings;
  }
  for (let round = 0; round < 4 && crossingsLeft > 0 && !spent(); round += 1) {
    const involved = new Set<string>();
    for (const hit of edgesUnderNodes(placed, edges))
      [hit.a, hit.b, hit.node].forEach((id) => involved.add(id));
    for (const node of order) {
      if (!involved.has(node.id)) continue;
      const current = placed.get(node.id)!;
      placed.delete(node.id);
      const stay = costAt(node.id, current);
      const move = bestSpot(node.id);
      placed.set(node.id, move.crossings < stay.crossings ? move.spot : current);
    }
    crossingsLeft = edgesUnderNodes(placed, edges).length;
  }
  return { positions: placed, work };
}

/** The least distance between a node that arrives later and those already drawn. */
export const MIN_GAP = 40;

/**
 * Places already taken by drawn nodes, hashed on a grid of MIN_GAP cells so that finding a free
 * spot near a wanted one looks at a few cells, not at every node: thousands of nodes arrive at once
 * on a big graph.
 */
export class OccupiedSpots {
  private readonly cells = new Map<string, Point[]>();

  constructor(points: Iterable<Point> = []) {
    for (const point of points) this.add(point);
  }

  add(point: Point): void {
    const key = OccupiedSpots.cellKey(Math.floor(point.x / MIN_GAP), Math.floor(point.y / MIN_GAP));
    const cell = this.cells.get(key);
    if (cell) cell.push(point);
    else this.cells.set(key, [point]);
  }

  /** Whether a taken spot lies closer than MIN_GAP to `point`. */
  crowded(point: Point): boolean {
    const cx = Math.floor(point.x / MIN_GAP);
    const cy = Math.floor(point.y / MIN_GAP);
    for (let dx = -1; dx <= 1; dx += 1)
      for (let dy = -1; dy <= 1; dy += 1)
        for (const p of this.cells.get(OccupiedSpots.cellKey(cx + dx, cy + dy)) ?? [])
          if (Math.hypot(p.x - point.x, p.y - point.y) < MIN_GAP) return true;
    return false;
  }

  /** `wanted` if free, else the first free spot on a diagonal walk from it; the spot is taken. */
  freeSpotNear(wanted: Point): Point {
    let spot = wanted;
    for (let step = 1; this.crowded(spot); step += 1) {
      spot = { x: wanted.x + step * 23, y: wanted.y + step * 37 };
    }
    this.add(spot);
    return spot;
  }

  private static cellKey(cx: number, cy: number): string {
    return `${cx},${cy}`;
  }
}
