import { ApiError } from "@/lib/api/api-error";
import { edgeQuery } from "@/lib/api/query-params";
import type { EdgeResponse } from "@/lib/api/responses";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { isDropVerdict } from "@/lib/flows/flow";
import { drawingEdge } from "@/lib/graph/graph-drawing";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";
import { relayDeliveredSince } from "@/server/status";

export const dynamic = "force-dynamic";

/** One edge's recent flows, each drop with its classification: ?id=<edge id>&window=5m. */
export const GET = apiRoute({ query: edgeQuery }, ({ query: { id, window }, runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const snapshot = runtime.graph.snapshot(now, window);
  const edge = snapshot.edges.find((e) => e.id === id);
  if (!edge) throw new ApiError("not_found", "no flows on this edge in the window");
  const { facts, evaluation } = getClusterView(runtime, now);
  // The edge's drops in the window: what the edge's Fix panel proposes a change for.
  const drops = runtime.recentDrops.since(now - window).filter((flow) => flowEdgeId(flow) === id);
  const answers = dropAnswers(drops, facts, evaluation, window);
  const body: EdgeResponse = {
    now,
    windowMs: window,
    edge: {
      ...drawingEdge(edge, now, relayDeliveredSince(runtime, now)),
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
  return body;
});
