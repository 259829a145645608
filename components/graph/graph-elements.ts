import type { ElementDefinition } from "cytoscape";
import {
  DROPPED_COLOR,
  edgeWidth,
  FORWARDED_COLOR,
  nodeColor,
  RECOVERED_COLOR,
  RECOVERY_UNKNOWN_COLOR,
  WOULD_DROP_COLOR,
} from "./graph-style";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

// Element data the style sheet reads. Labels stay plain strings: cytoscape draws them on a canvas,
// never as HTML, so untrusted namespace names cannot inject markup.

export function nodeData(node: DrawingNode): Record<string, unknown> {
  const badges = node.accessLabels.length > 0 ? `\n[${node.accessLabels.join(", ")}]` : "";
  const hatch = node.enforcementDisabled ? "\n⚠ enforcement off" : "";
  return {
    ...node,
    accessLabels: node.accessLabels.join(","),
    displayLabel: `${node.label}${badges}${hatch}`,
    color: nodeColor(node),
  };
}

export function edgeData(edge: DrawingEdge): Record<string, unknown> {
  const wouldDrop = edge.wouldDrop ?? 0;
  const recovered = edge.recoveredSince !== undefined;
  const recoveryUnknown = edge.recoveryUnknownAfter !== undefined;
  return {
    ...edge,
    wouldDrop,
    recovered,
    // Its drops still count (dropped keeps its number); only whether they go on is unknown.
    recoveryUnknown,
    // An audited flow is a drop policy would make: drawn like the would-be drops of an open hatch.
    color: recovered
      ? RECOVERED_COLOR
      : recoveryUnknown
        ? RECOVERY_UNKNOWN_COLOR
        : edge.dropped > 0
          ? DROPPED_COLOR
          : wouldDrop > 0 || edge.audited > 0
            ? WOULD_DROP_COLOR
            : FORWARDED_COLOR,
    width: edgeWidth(edge.dropped + edge.audited + edge.forwarded),
  };
}

export function nodeElement(node: DrawingNode, position: { x: number; y: number }): ElementDefinition {
  return { group: "nodes", data: nodeData(node), position };
}

export function edgeElement(edge: DrawingEdge): ElementDefinition {
  return { group: "edges", data: edgeData(edge) };
}
