import { windowQuery } from "@/lib/api/query-params";
import type { PostureResponse } from "@/lib/api/responses";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";
import { jsonAroundCachedPart } from "@/server/http/json-around-cached-part";
import { reenableVerdicts } from "@/server/reenable-audit";

export const dynamic = "force-dynamic";

/** Every namespace's policy posture, the cluster-level checks, and flow counts: ?window=5m. */
export const GET = apiRoute({ query: windowQuery }, ({ query, runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const view = getClusterView(runtime, now);
  const body: PostureResponse = {
    now,
    windowMs: query.window,
    posture: view.posture,
    flowCounts: Object.fromEntries(runtime.verdicts.countsSince(now, query.window)),
    reenable: reenableVerdicts(runtime, view, now),
  };
  // The posture is the bulk of the body and the same for every request on this view.
  return jsonAroundCachedPart(body, "posture");
});
