import type { ConventionsResponse, NamespacePostureResponse, PostureResponse } from "@/lib/api/responses";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { evidencePolicyIds } from "@/lib/conventions/inference-report";
import { ns } from "@/lib/policy/testing/builders";
import { clusterPostureIn } from "@/lib/posture/cluster-posture";
import { namespacePostureDetailIn } from "@/lib/posture/namespace-posture";
import { buildPostureContext } from "@/lib/posture/posture-context";
import { policyViewOf } from "@/lib/posture/policy-view";
import type { ReenableVerdict } from "@/lib/posture/reenable-verdict";
import { homelab } from "@/lib/posture/testing/homelab";
import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import { HOSTILE_TEXT } from "./hostile-text";
import { FIXED_NOW } from "./status-fixtures";

// For component tests: the posture and conventions answers of the homelab test cluster, computed by
// the real posture and inference code, plus a namespace whose profile label is hostile text and one whose escape hatch is
// open.

const objects = homelab({
  namespaces: [
    ns("scratch", { "network-policy.homelab/profile": HOSTILE_TEXT }),
    ns("hatch", {
      "network-policy.homelab/profile": "internal",
      "network-policy.homelab/enforcement": "disabled",
    }),
  ],
});

export const HATCH_REENABLE: ReenableVerdict = {
  kind: "would-drop",
  text: "would drop 14 flows of 3 kinds observed over the last 12 min",
  short: "re-enable would drop 14 flows of 3 kinds",
  observedMs: 12 * 60_000,
  flows: 4_812,
  drops: 14,
  kinds: 3,
  unknown: 0,
};

const context = (knowledge?: ClusterKnowledge) =>
  buildPostureContext(objects, DEFAULT_CONVENTIONS, knowledge ? { knowledge } : {});

export function postureAnswer(knowledge?: ClusterKnowledge): PostureResponse {
  return {
    now: FIXED_NOW,
    windowMs: 5 * 60_000,
    posture: clusterPostureIn(context(knowledge), FIXED_NOW),
    flowCounts: { shop: { FORWARDED: 120, DROPPED: 3 }, batch: { FORWARDED: 7, AUDIT: 2 } },
    reenable: { hatch: HATCH_REENABLE },
  };
}

export function namespacePostureAnswer(name: string, knowledge?: ClusterKnowledge): NamespacePostureResponse {
  const cluster = clusterPostureIn(context(knowledge), FIXED_NOW);
  const posture = namespacePostureDetailIn(context(knowledge), name, FIXED_NOW);
  if (!posture) throw new Error(`the homelab test cluster has no namespace ${name}`);
  return { now: FIXED_NOW, posture, cni: cluster.cni, baselines: cluster.baselines, reenable: null };
}

/** /api/conventions as the route answers it for the same cluster: inferred by the real code. */
export function conventionsAnswer(
  file: ConventionsResponse["file"] = { path: null, problems: [] },
): ConventionsResponse {
  const inferred = clusterConventions(objects);
  const posture = context();
  const byId = new Map(posture.policies.map((p) => [p.id, p]));
  const evidence = evidencePolicyIds(inferred.report).flatMap((id) => {
    const policy = byId.get(id);
    return policy ? [policyViewOf(posture, policy)] : [];
  });
  return {
    now: FIXED_NOW,
    conventions: inferred.conventions,
    inference: inferred.report,
    evidence,
    file,
    enforcement: clusterPostureIn(posture, FIXED_NOW).enforcement,
    preview: false,
  };
}
