import type { Core, ElementDefinition } from "cytoscape";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import { edgeData, edgeElement, nodeData, nodeElement } from "./graph-elements";
import { subduedEdgeIds } from "./graph-highlight";
import { layoutPositions, OccupiedSpots, type Point } from "./graph-layout";

export { MIN_GAP } from "./graph-layout";

// How a new drawing reaches the cytoscape instance already on screen: as a diff. What is gone is
// removed, what stays gets its new data (keeping its position, and its selection), what is new is
// placed clear of what is drawn. Only new filters lay the whole drawing out again.

/**
 * Brings `cy` to the drawing (`nodes`, `edges`). With `relayout`, every node moves to its place in
 * a fresh layout, as if the drawing were the first; otherwise drawn nodes stay where they are.
 * `drawnData` remembers each element's data as last given, so that only elements whose data
 * changed get it again (each change restyles the element: thousands per second on a big graph).
 */
export function updateDrawing(
  cy: Core,
  nodes: readonly DrawingNode[],
  edges: readonly DrawingEdge[],
  { relayout, drawnData = new Map() }: { relayout: boolean; drawnData?: Map<string, string> },
): void {
  const update = (id: string, data: Record<string, unknown>) => {
    const text = JSON.stringify(data);
    if (drawnData.get(id) === text) return;
    drawnData.set(id, text);
    cy.getElementById(id).data(data);
  };
  const added = (element: ElementDefinition): ElementDefinition => {
    drawnData.set(String(element.data.id), JSON.stringify(element.data));
    return element;
  };
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
      if (!keep) {
        element.remove();
        drawnData.delete(id);
      }
    });
    if (relayout) for (const node of cy.nodes()) node.position(slots.get(node.id()) ?? node.position());
    const taken = new OccupiedSpots(cy.nodes().map((n) => n.position()));
    const addedNodes: ElementDefinition[] = [];
    for (const node of nodes) {
      if (cy.getElementById(node.id).nonempty()) update(node.id, nodeData(node));
      else
        addedNodes.push(added(nodeElement(node, taken.freeSpotNear(slots.get(node.id) ?? { x: 0, y: 0 }))));
    }
    cy.add(addedNodes);
    const addedEdges: ElementDefinition[] = [];
    for (const edge of edges) {
      if (cy.getElementById(edge.id).nonempty()) update(edge.id, edgeData(edge));
      else if (wantedNodes.has(edge.source) && wantedNodes.has(edge.target))
        addedEdges.push({ ...added(edgeElement(edge)), classes: subdued.has(edge.id) ? "subdued" : "" });
    }
    cy.add(addedEdges);
    // Only where it changes: each class change restyles its element.
    cy.edges().forEach((edge) => {
      const want = subdued.has(edge.id());
      if (edge.hasClass("subdued") !== want) edge.toggleClass("subdued", want);
    });
  });
}
