import type { PostureResponse } from "@/lib/api/responses";
import { parseWindowParam } from "@/lib/api/query-params";
import { getClusterView } from "@/server/cluster-view";
import { jsonAroundCachedPart } from "@/server/http/json-around-cached-part";
import { reenableVerdicts } from "@/server/reenable-audit";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Every namespace's policy posture, the cluster-level checks, and flow counts: ?window=5m. */
export function GET(request: Request) {
  const window = parseWindowParam(new URL(request.url).searchParams.get("window"), 5 * 60_000);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const runtime = getRuntime();
  const now = Date.now();
  const view = getClusterView(runtime, now);
  const body: PostureResponse = {
    now,
    windowMs: window.value,
    posture: view.posture,
    flowCounts: Object.fromEntries(runtime.verdicts.countsSince(now, window.value)),
    reenable: reenableVerdicts(runtime, view, now),
  };
  // The posture is the bulk of the body and the same for every request on this view.
  return jsonAroundCachedPart(body, "posture");
}
