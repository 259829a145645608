import type { Core, ElementDefinition } from "cytoscape";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import { edgeData, edgeElement, nodeData, nodeElement } from "./graph-elements";
import { subduedEdgeIds } from "./graph-highlight";
import { layoutPositions, type Point } from "./graph-layout";

// How a new drawing reaches the cytoscape instance already on screen: as a diff. What is gone is
// removed, what stays gets its new data (keeping its position, and its selection), what is new is
// placed clear of what is drawn. Only new filters lay the whole drawing out again.

/** New nodes keep at least this far from every node already drawn. */
export const MIN_GAP = 40;

function freeSpot(wanted: Point, taken: Point[]): Point {
  let spot = wanted;
  for (let step = 1; taken.some((p) => Math.hypot(p.x - spot.x, p.y - spot.y) < MIN_GAP); step += 1) {
    spot = { x: wanted.x + step * 23, y: wanted.y + step * 37 };
  }
  return spot;
}

/**
 * Brings `cy` to the drawing (`nodes`, `edges`). With `relayout`, every node moves to its place in
 * a fresh layout, as if the drawing were the first; otherwise drawn nodes stay where they are.
 */
export function updateDrawing(
  cy: Core,
  nodes: readonly DrawingNode[],
  edges: readonly DrawingEdge[],
  { relayout }: { relayout: boolean },
): void {
  const wantedNodes = new Map(nodes.map((n) => [n.id, n]));
  const wantedEdges = new Map(edges.map((e) => [e.id, e]));
  const needsPlaces = relayout || nodes.some((n) => cy.getElementById(n.id).empty());
  // The layout searches for places clear of edges: only worth it when something needs a place.
  const slots = needsPlaces ? layoutPositions(nodes, edges) : new Map<string, Point>();
  const subdued = subduedEdgeIds(edges);
  cy.batch(() => {
    cy.elements().forEach((element) => {
      const id = element.id();
      const keep = element.group() === "nodes" ? wantedNodes.has(id) : wantedEdges.has(id);
      if (!keep) element.remove();
    });
    if (relayout) for (const node of cy.nodes()) node.position(slots.get(node.id()) ?? node.position());
    const taken = cy.nodes().map((n) => n.position());
    const added: ElementDefinition[] = [];
    for (const node of nodes) {
      const existing = cy.getElementById(node.id);
      if (existing.nonempty()) existing.data(nodeData(node));
      else {
        const spot = freeSpot(slots.get(node.id) ?? { x: 0, y: 0 }, taken);
        taken.push(spot);
        added.push(nodeElement(node, spot));
      }
    }
    cy.add(added);
    const addedEdges: ElementDefinition[] = [];
    for (const edge of edges) {
      const existing = cy.getElementById(edge.id);
      if (existing.nonempty()) existing.data(edgeData(edge));
      else if (wantedNodes.has(edge.source) && wantedNodes.has(edge.target))
        addedEdges.push(edgeElement(edge));
    }
    cy.add(addedEdges);
    cy.edges().forEach((edge) => {
      edge.toggleClass("subdued", subdued.has(edge.id()));
    });
  });
}
