import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

// For graph tests: a namespace node and an edge with only what a test cares about set.

export function testDrawingNode(id: string, overrides: Partial<DrawingNode> = {}): DrawingNode {
  return {
    id,
    namespace: id,
    dnsNames: [],
    label: id,
    kind: "namespace",
    namespaceKind: "application",
    profile: null,
    profileRank: null,
    accessLabels: [],
    enforcementDisabled: false,
    dropped: 0,
    audited: 0,
    forwarded: 0,
    ...overrides,
  };
}

export function testDrawingEdge(
  id: string,
  source: string,
  target: string,
  overrides: Partial<DrawingEdge> = {},
): DrawingEdge {
  return { id, source, target, label: "443/TCP", dropped: 0, audited: 0, forwarded: 10, ...overrides };
}
