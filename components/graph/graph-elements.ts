import type { ElementDefinition } from "cytoscape";
import { DROPPED_COLOR, edgeWidth, FORWARDED_COLOR, nodeColor } from "./graph-style";
import type { GraphEdgeView, GraphNodeView } from "./graph-view";

// Element data the style sheet reads. Labels stay plain strings: cytoscape draws them on a canvas,
// never as HTML, so untrusted namespace names cannot inject markup.

export function nodeData(node: GraphNodeView): Record<string, unknown> {
  const badges = node.accessLabels.length > 0 ? `\n[${node.accessLabels.join(", ")}]` : "";
  const hatch = node.enforcementDisabled ? "\n⚠ enforcement off" : "";
  return {
    ...node,
    accessLabels: node.accessLabels.join(","),
    displayLabel: `${node.label}${badges}${hatch}`,
    color: nodeColor(node),
  };
}

export function edgeData(edge: GraphEdgeView): Record<string, unknown> {
  return {
    ...edge,
    color: edge.dropped > 0 ? DROPPED_COLOR : FORWARDED_COLOR,
    width: edgeWidth(edge.dropped + edge.forwarded),
  };
}

export function nodeElement(node: GraphNodeView, position: { x: number; y: number }): ElementDefinition {
  return { group: "nodes", data: nodeData(node), position };
}

export function edgeElement(edge: GraphEdgeView): ElementDefinition {
  return { group: "edges", data: edgeData(edge) };
}
