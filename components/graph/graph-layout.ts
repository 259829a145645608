import type { DrawingNode } from "@/lib/graph/graph-drawing";

// A deterministic layout: platform namespaces on an inner ring, applications on outer rings and
// special peers (world, host, …) in a column on the left. A node's place depends only on its
// ring and its rank there, and the component keeps the places of nodes it already drew, so the
// picture does not jump as flows arrive.

export interface Point {
  x: number;
  y: number;
}

const RING_SPACING = 110;
const NODE_SPACING = 70;

function ringOf(node: DrawingNode): "special" | "platform" | "application" {
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

export function layoutPositions(nodes: readonly DrawingNode[]): Map<string, Point> {
  const byRing = {
    special: [] as DrawingNode[],
    platform: [] as DrawingNode[],
    application: [] as DrawingNode[],
  };
  for (const node of nodes) byRing[ringOf(node)].push(node);
  for (const list of Object.values(byRing)) list.sort((a, b) => a.id.localeCompare(b.id));

  const positions = new Map<string, Point>();
  const platform = ringPositions(byRing.platform.length, 140);
  byRing.platform.forEach((node, i) => positions.set(node.id, platform.points[i]!));
  const applications = ringPositions(byRing.application.length, platform.outerRadius + 150);
  byRing.application.forEach((node, i) => positions.set(node.id, applications.points[i]!));
  const left = -(applications.outerRadius + 160);
  const top = -((byRing.special.length - 1) * NODE_SPACING) / 2;
  byRing.special.forEach((node, i) => positions.set(node.id, { x: left, y: top + i * NODE_SPACING }));
  return positions;
}
