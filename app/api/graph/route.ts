import type { GraphResponse } from "@/lib/api/responses";
import { graphDrawing } from "@/lib/graph/graph-drawing";
import { graphFilterOf, parseGraphViewState } from "@/lib/graph/graph-url-state";
import { getClusterView } from "@/server/cluster-view";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** The namespace/flow graph over a time window: ?window=5m&ns=a,b&verdict=DROPPED. */
export function GET(request: Request) {
  const { state, problems } = parseGraphViewState(new URL(request.url).searchParams);
  if (problems.length > 0) {
    return Response.json(
      { error: problems.map((p) => `${p.param}: ${p.problem}`).join("; ") },
      { status: 400 },
    );
  }
  const runtime = getRuntime();
  const now = Date.now();
  const snapshot = runtime.graph.snapshot(now, state.windowMs, graphFilterOf(state));
  const body: GraphResponse = {
    now,
    windowMs: snapshot.windowMs,
    ...graphDrawing(snapshot, getClusterView(runtime, now).rows),
    stats: snapshot.stats,
    problems: [],
  };
  return Response.json(body);
}
