import type { EdgeResponse } from "@/lib/api/responses";
import { parseWindowParam } from "@/lib/api/query-params";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { isDropVerdict } from "@/lib/flows/flow";
import { drawingEdge } from "@/lib/graph/graph-drawing";
import { flowEdgeId, isEdgeId } from "@/lib/graph/graph-ids";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { getClusterView } from "@/server/cluster-view";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** One edge's recent flows, each drop with its classification: ?id=<edge id>&window=5m. */
export function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const id = params.get("id") ?? "";
  if (!isEdgeId(id)) return Response.json({ error: "id: not an edge id" }, { status: 400 });
  const window = parseWindowParam(params.get("window"), DEFAULT_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });

  const runtime = getRuntime();
  const now = Date.now();
  const snapshot = runtime.graph.snapshot(now, window.value);
  const edge = snapshot.edges.find((e) => e.id === id);
  if (!edge) return Response.json({ error: "no flows on this edge in the window" }, { status: 404 });
  const { facts, evaluation } = getClusterView(runtime, now);
  // The edge's drops in the window: what the edge's Fix panel proposes a change for.
  const drops = runtime.recentDrops.since(now - window.value).filter((flow) => flowEdgeId(flow) === id);
  const answers = dropAnswers(drops, facts, evaluation);
  const body: EdgeResponse = {
    now,
    windowMs: window.value,
    edge: {
      ...drawingEdge(edge),
      sourceLabel: snapshot.nodes.find((n) => n.id === edge.source)?.label ?? edge.source,
      targetLabel: snapshot.nodes.find((n) => n.id === edge.target)?.label ?? edge.target,
      counts: edge.counts,
      firstSeen: edge.firstSeen,
      lastSeen: edge.lastSeen,
      direction: edge.direction,
    },
    flows: edge.samples.map((flow) => ({
      flow,
      classification: isDropVerdict(flow.verdict) ? answers.answer(flow) : null,
    })),
  };
  return Response.json(body);
}
