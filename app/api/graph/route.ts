import { graphQuery } from "@/lib/api/query-params";
import type { GraphResponse } from "@/lib/api/responses";
import { profilesLeastPermissiveFirst } from "@/lib/conventions/profile-permissiveness";
import { graphAtDetail } from "@/lib/graph/graph-detail";
import { graphDrawing } from "@/lib/graph/graph-drawing";
import { graphFilterOf } from "@/lib/graph/graph-url-state";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";
import { relayDeliveredSince } from "@/server/status";
import { wouldDropByEdge } from "@/server/reenable-audit";

export const dynamic = "force-dynamic";

/**
 * The namespace/flow graph over a time window: ?window=5m&ns=a,b&verdict=DROPPED, at its level of
 * detail (what the page draws, and totals); &detail=all for every node and edge, &keep=<id> to
 * include the selected element whatever the budget.
 */
export const GET = apiRoute({ query: graphQuery }, ({ query: state, runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const snapshot = runtime.graph.snapshot(now, state.windowMs, graphFilterOf(state));
  const view = getClusterView(runtime, now);
  // Colours go by what each profile opens, whatever order the conventions list them in.
  const profiles = profilesLeastPermissiveFirst(view.conventions).map((name) => {
    const { ingress, egress } = view.conventions.profiles.find((p) => p.name === name)!;
    return { name, ingress, egress };
  });
  const body: Omit<GraphResponse, "detail"> = {
    now,
    windowMs: snapshot.windowMs,
    profiles,
    ...graphDrawing(
      snapshot,
      view.rows,
      profiles.map((p) => p.name),
      relayDeliveredSince(runtime, now),
      wouldDropByEdge(runtime, view, now - snapshot.windowMs),
    ),
    stats: snapshot.stats,
  };
  return graphAtDetail(body, state.detail) satisfies GraphResponse;
});
