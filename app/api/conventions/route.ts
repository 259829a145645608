import type { ConventionsResponse } from "@/lib/api/responses";
import { evidencePolicyIds } from "@/lib/conventions/inference-report";
import { policyViewOf } from "@/lib/posture/policy-view";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";

export const dynamic = "force-dynamic";

/** The conventions in force, what was inferred from which policy, and what the conventions file overrides. */
export const GET = apiRoute({}, ({ runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const view = getClusterView(runtime, now);
  const byId = new Map(view.context.policies.map((p) => [p.id, p]));
  const evidence = evidencePolicyIds(view.inference).flatMap((id) => {
    const policy = byId.get(id);
    return policy ? [policyViewOf(view.context, policy)] : [];
  });
  const body: ConventionsResponse = {
    now,
    conventions: view.conventions,
    inference: view.inference,
    evidence,
    file: {
      path: runtime.config.conventionsFile ?? null,
      problems: runtime.problems.filter((p) => p.section === "conventions").map((p) => p.message),
    },
    enforcement: view.posture.enforcement,
    preview: runtime.config.preview !== null,
  };
  return body;
});
