import { ApiError } from "@/lib/api/api-error";
import { NamespacePathParams } from "@/lib/api/query-params";
import type { NamespacePostureResponse } from "@/lib/api/responses";
import { namespacePostureDetailIn } from "@/lib/posture/namespace-posture";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";
import { reenableAuditOf } from "@/server/reenable-audit";

export const dynamic = "force-dynamic";

/**
 * One namespace's posture with the rules of every policy that selects it, and, when its escape
 * hatch is open, what re-enabling enforcement would drop.
 */
export const GET = apiRoute(
  { params: NamespacePathParams },
  ({ params: { name }, runtime: getRuntime, now }) => {
    const runtime = getRuntime();
    const view = getClusterView(runtime, now);
    const posture = namespacePostureDetailIn(view.context, name, now);
    if (!posture) throw new ApiError("not_found", `namespace ${name} not found`);
    const body: NamespacePostureResponse = {
      now,
      posture,
      cni: view.posture.cni,
      baselines: view.posture.baselines,
      reenable: reenableAuditOf(runtime, view, name, now),
    };
    return body;
  },
);
