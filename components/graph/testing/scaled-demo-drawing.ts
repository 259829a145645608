import type { Drawing, DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import { demoDrawing } from "./demo-drawing";

// For tests only: the demo's graph at a few hundred nodes. Its application namespaces are copied
// `copies` times (mealie-2, mealie-3, …), each copy with the same traffic as the original: to the
// same platform namespaces and peers, and among the copies of one round, as a cluster of many
// teams that all use the same platform looks.

export function scaledDemoDrawing(copies: number): Drawing {
  const demo = demoDrawing();
  const isApp = new Map(
    demo.nodes.map((n) => [n.id, n.kind === "namespace" && n.namespaceKind !== "platform"]),
  );
  const copyId = (id: string, round: number) => (round === 1 || !isApp.get(id) ? id : `${id}-${round}`);
  const nodes: DrawingNode[] = [];
  for (const node of demo.nodes) {
    if (!isApp.get(node.id)) nodes.push(node);
    else
      for (let round = 1; round <= copies; round += 1) {
        const id = copyId(node.id, round);
        nodes.push({ ...node, id, label: id.replace(/^ns:/, ""), namespace: id.replace(/^ns:/, "") });
      }
  }
  const edges: DrawingEdge[] = [];
  for (const edge of demo.edges) {
    const touchesApp = isApp.get(edge.source) || isApp.get(edge.target);
    for (let round = 1; round <= (touchesApp ? copies : 1); round += 1) {
      const source = copyId(edge.source, round);
      const target = copyId(edge.target, round);
      edges.push({ ...edge, id: `${edge.id}#${round}`, source, target });
    }
  }
  return { nodes, edges };
}
