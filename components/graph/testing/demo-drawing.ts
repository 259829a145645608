import { HOMELAB_NAMESPACES } from "@/server/demo/scenario/homelab-catalog";
import { homelabObjects } from "@/server/demo/scenario/homelab-objects";
import { createTrafficGenerator } from "@/server/demo/scenario/traffic";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { drawingEdge, type Drawing, type DrawingNode } from "@/lib/graph/graph-drawing";
import { FlowGraph } from "@/lib/graph/graph-model";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";

// For tests only: the graph the demo cluster draws at the default window, built from the demo's
// own traffic generator (the same flows its relay serves), with each namespace's group.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);

export function demoDrawing(windowMs = DEFAULT_GRAPH_WINDOW_MS): Drawing {
  const traffic = createTrafficGenerator(homelabObjects(NOW), { now: () => NOW });
  const graph = new FlowGraph();
  for (const json of traffic.backfill(NOW - 15 * 60_000, NOW)) graph.add(flowFromHubbleJson(json));
  const snapshot = graph.snapshot(NOW, windowMs);
  const specs = new Map(HOMELAB_NAMESPACES.map((spec) => [spec.name, spec]));
  const nodes = snapshot.nodes.map((node): DrawingNode => {
    const spec = node.namespace ? specs.get(node.namespace) : undefined;
    return {
      id: node.id,
      label: node.label,
      kind: node.kind,
      namespace: node.namespace,
      namespaceKind: spec ? (spec.platform ? "platform" : "application") : null,
      profile: spec?.profile ?? null,
      profileRank: null,
      accessLabels: spec?.access ?? [],
      enforcementDisabled: spec?.enforcementDisabledHoursAgo !== undefined,
      dnsNames: node.dnsNames ?? [],
      dropped: node.counts.DROPPED ?? 0,
      audited: node.counts.AUDIT ?? 0,
      forwarded: node.counts.FORWARDED ?? 0,
    };
  });
  // The demo relay delivers every flow: recoveries stand.
  const edges = snapshot.edges.map((edge) => drawingEdge(edge, snapshot.now, () => true));
  return { nodes, edges };
}
