import type { GraphResponse } from "@/lib/api/responses";
import { profilesLeastPermissiveFirst } from "@/lib/conventions/profile-permissiveness";
import { graphDrawing } from "@/lib/graph/graph-drawing";
import { graphFilterOf, parseGraphViewState } from "@/lib/graph/graph-url-state";
import { getClusterView } from "@/server/cluster-view";
import { wouldDropByEdge } from "@/server/reenable-audit";
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
  const view = getClusterView(runtime, now);
  // Colours go by what each profile opens, whatever order the conventions list them in.
  const profiles = profilesLeastPermissiveFirst(view.conventions).map((name) => {
    const { ingress, egress } = view.conventions.profiles.find((p) => p.name === name)!;
    return { name, ingress, egress };
  });
  const body: GraphResponse = {
    now,
    windowMs: snapshot.windowMs,
    profiles,
    ...graphDrawing(
      snapshot,
      view.rows,
      profiles.map((p) => p.name),
      wouldDropByEdge(runtime, view, now - snapshot.windowMs),
    ),
    stats: snapshot.stats,
    problems: [],
  };
  return Response.json(body);
}
