"use client";

import cytoscape, { type Core } from "cytoscape";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import { edgeData, edgeElement, nodeData, nodeElement } from "./graph-elements";
import { layoutPositions, type Point } from "./graph-layout";
import { graphStylesheet, LARGE_GRAPH_EDGES } from "./graph-style";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

export interface NamespaceGraphHandle {
  /** The current drawing as a PNG data URL, at twice the screen resolution. */
  exportPng(): string | null;
}

interface NamespaceGraphProps {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  selectedId: string | null;
  onSelect(selection: { type: "node" | "edge"; id: string } | null): void;
}

const MIN_GAP = 40;

function freeSpot(wanted: Point, taken: Point[]): Point {
  let spot = wanted;
  for (let step = 1; taken.some((p) => Math.hypot(p.x - spot.x, p.y - spot.y) < MIN_GAP); step += 1) {
    spot = { x: wanted.x + step * 23, y: wanted.y + step * 37 };
  }
  return spot;
}

/**
 * The one wrapper around the cytoscape instance: created once, then fed diffs (added, removed and
 * changed elements), so positions, zoom and selection survive every refresh.
 */
export const NamespaceGraph = forwardRef<NamespaceGraphHandle, NamespaceGraphProps>(function NamespaceGraph(
  { nodes, edges, selectedId, onSelect },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  const fitted = useRef(false);
  const largeStyle = useRef(false);
  const drawnMarked = useRef(false);

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useImperativeHandle(ref, () => ({
    exportPng: () => cyRef.current?.png({ full: true, scale: 2, bg: "#ffffff" }) ?? null,
  }));

  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: graphStylesheet(),
      layout: { name: "preset" },
      minZoom: 0.1,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    cy.on("tap", "node", (event) => onSelectRef.current({ type: "node", id: event.target.id() }));
    cy.on("tap", "edge", (event) => onSelectRef.current({ type: "edge", id: event.target.id() }));
    cy.on("tap", (event) => {
      if (event.target === cy) onSelectRef.current(null);
    });
    cy.on("mouseover", "edge", (event) => event.target.addClass("hovered"));
    cy.on("mouseout", "edge", (event) => event.target.removeClass("hovered"));
    cyRef.current = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const wantedNodes = new Map(nodes.map((n) => [n.id, n]));
    const wantedEdges = new Map(edges.map((e) => [e.id, e]));
    const slots = layoutPositions(nodes);
    const large = edges.length > LARGE_GRAPH_EDGES;
    if (large !== largeStyle.current) {
      largeStyle.current = large;
      cy.style(graphStylesheet({ large }));
    }
    cy.batch(() => {
      cy.elements().forEach((element) => {
        const id = element.id();
        const keep = element.group() === "nodes" ? wantedNodes.has(id) : wantedEdges.has(id);
        if (!keep) element.remove();
      });
      const taken = cy.nodes().map((n) => n.position());
      const added = [];
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
      const addedEdges = [];
      for (const edge of edges) {
        const existing = cy.getElementById(edge.id);
        if (existing.nonempty()) existing.data(edgeData(edge));
        else if (wantedNodes.has(edge.source) && wantedNodes.has(edge.target))
          addedEdges.push(edgeElement(edge));
      }
      cy.add(addedEdges);
    });
    if (!fitted.current && nodes.length > 0) {
      cy.fit(undefined, 30);
      fitted.current = true;
    }
    if (!drawnMarked.current && nodes.length > 0) {
      drawnMarked.current = true;
      // The first frame with elements; bench/graph-paint.ts times the page by this mark.
      cy.one("render", () =>
        performance.mark("sieve:graph-drawn", {
          detail: { nodes: cy.nodes().length, edges: cy.edges().length },
        }),
      );
    }
  }, [nodes, edges]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements(":selected").unselect();
    if (selectedId) cy.getElementById(selectedId).select();
  }, [selectedId, nodes, edges]);

  return (
    <div
      ref={container}
      data-testid="namespace-graph"
      data-node-count={nodes.length}
      data-edge-count={edges.length}
      className="h-[70vh] min-h-[420px] w-full rounded border border-slate-200 bg-white dark:border-slate-800"
      role="img"
      aria-label={`Namespace graph: ${nodes.length} nodes, ${edges.length} edges`}
    />
  );
});
