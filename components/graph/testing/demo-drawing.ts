import { HOMELAB_NAMESPACES } from "@/server/demo/scenario/homelab-catalog";
import { homelabObjects } from "@/server/demo/scenario/homelab-objects";
import { createTrafficGenerator } from "@/server/demo/scenario/traffic";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { drawingEdge, drawingNode, type Drawing } from "@/lib/graph/graph-drawing";
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
  const nodes = snapshot.nodes.map((node) => {
    const spec = node.namespace ? specs.get(node.namespace) : undefined;
    return drawingNode(
      node,
      spec && {
        namespaceKind: spec.platform ? "platform" : "application",
        profile: spec.profile ?? null,
        accessLabels: spec.access ?? [],
        enforcementDisabled: spec.enforcementDisabledHoursAgo !== undefined,
      },
    );
  });
  // The demo relay delivers every flow: recoveries stand.
  const edges = snapshot.edges.map((edge) => drawingEdge(edge, snapshot.now, () => true));
  return { nodes, edges };
}
