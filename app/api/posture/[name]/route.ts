import type { NamespacePostureResponse } from "@/lib/api/responses";
import { isNamespaceName } from "@/lib/graph/graph-ids";
import { namespacePostureDetailIn } from "@/lib/posture/namespace-posture";
import { getClusterView } from "@/server/cluster-view";
import { reenableAuditOf } from "@/server/reenable-audit";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * One namespace's posture with the rules of every policy that selects it, and, when its escape
 * hatch is open, what re-enabling enforcement would drop.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!isNamespaceName(name)) return Response.json({ error: "name: not a namespace name" }, { status: 400 });
  const runtime = getRuntime();
  const now = Date.now();
  const view = getClusterView(runtime, now);
  const posture = namespacePostureDetailIn(view.context, name, now);
  if (!posture) return Response.json({ error: `namespace ${name} not found` }, { status: 404 });
  const body: NamespacePostureResponse = {
    now,
    posture,
    cni: view.posture.cni,
    baselines: view.posture.baselines,
    reenable: reenableAuditOf(runtime, view, name, now),
  };
  return Response.json(body);
}
