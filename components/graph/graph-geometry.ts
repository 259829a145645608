// Plane geometry of the drawn graph: where an edge would pass under a node it does not touch.

export interface Point {
  x: number;
  y: number;
}

/** Half the side of the square a node is checked against: its shape (30 px at most) plus a margin. */
export const NODE_CLEARANCE = 21;
/**
 * Parallel edges between two nodes (ports, both directions) are drawn as bezier curves whose
 * control points lie this far apart (cytoscape's control-point-step-size).
 */
export const PARALLEL_EDGE_STEP = 10;

/** Whether the segment a–b meets the axis-aligned square of half side `half` around `center` (Liang–Barsky). */
export function segmentMeetsSquare(a: Point, b: Point, center: Point, half: number): boolean {
  // Liang–Barsky clipping against the square's four sides, written out: the layout calls this
  // millions of times, and a closure per call cost more than the arithmetic.
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const ps = [-dx, dx, -dy, dy];
  const qs = [a.x - (center.x - half), center.x + half - a.x, a.y - (center.y - half), center.y + half - a.y];
  let t0 = 0;
  let t1 = 1;
  for (let side = 0; side < 4; side += 1) {
    const p = ps[side]!;
    const q = qs[side]!;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  return true;
}

/** The pairs of nodes joined by at least one edge (either direction), with how many edges join them. */
export function nodePairs(
  edges: readonly { source: string; target: string }[],
): { a: string; b: string; edges: number }[] {
  const pairs = new Map<string, { a: string; b: string; edges: number }>();
  for (const { source, target } of edges) {
    if (source === target) continue;
    const [a, b] = source < target ? [source, target] : [target, source];
    const key = `${a}\u0000${b}`;
    const pair = pairs.get(key);
    if (pair) pair.edges += 1;
    else pairs.set(key, { a, b, edges: 1 });
  }
  return [...pairs.values()];
}

/**
 * How far the outermost of `count` parallel edges may stray from the straight line: its control
 * point's offset (the curve itself stays within half of it).
 */
export function parallelBulge(count: number): number {
  return ((count - 1) / 2) * PARALLEL_EDGE_STEP;
}

export interface EdgeUnderNode {
  /** The two nodes the edge joins. */
  a: string;
  b: string;
  /** The node it passes under. */
  node: string;
}

/**
 * Every place where an edge, drawn straight and widened by the bulge of its parallel edges, passes
 * under a node that is neither of its ends.
 */
export function edgesUnderNodes(
  positions: ReadonlyMap<string, Point>,
  edges: readonly { source: string; target: string }[],
  clearance = NODE_CLEARANCE,
): EdgeUnderNode[] {
  const found: EdgeUnderNode[] = [];
  for (const pair of nodePairs(edges)) {
    const from = positions.get(pair.a);
    const to = positions.get(pair.b);
    if (!from || !to) continue;
    const half = clearance + parallelBulge(pair.edges);
    for (const [node, at] of positions) {
      if (node === pair.a || node === pair.b) continue;
      if (segmentMeetsSquare(from, to, at, half)) found.push({ a: pair.a, b: pair.b, node });
    }
  }
  return found;
}

/**
 * The viewport that shows every point, `margin` model units around each, within `padding` pixels
 * of a `width` × `height` view, as cytoscape's fit computes it, but from positions alone: fitting
 * by the elements' bounding boxes measures every label, the costliest step of a big graph's first
 * frame. Null when there is no point.
 */
export function fitViewport(
  points: Iterable<Point>,
  view: { width: number; height: number; padding: number; minZoom: number; maxZoom: number },
  margin: number,
): { zoom: number; pan: Point } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x - margin);
    y1 = Math.min(y1, p.y - margin);
    x2 = Math.max(x2, p.x + margin);
    y2 = Math.max(y2, p.y + margin);
  }
  if (x1 === Infinity) return null;
  const fitted = Math.min(
    (view.width - 2 * view.padding) / (x2 - x1),
    (view.height - 2 * view.padding) / (y2 - y1),
  );
  const zoom = Math.min(view.maxZoom, Math.max(view.minZoom, fitted));
  return {
    zoom,
    pan: { x: (view.width - zoom * (x1 + x2)) / 2, y: (view.height - zoom * (y1 + y2)) / 2 },
  };
}
