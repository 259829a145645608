// The cluster as it would be once a GitOps change is merged and reconciled: labels set or removed
// on a namespace, rules added to a platform namespace's CNP, or a platform CNP created.

import type { CiliumNetworkPolicy } from "@/lib/kube/types";
import type { CnpRule, GitOpsChange } from "@/lib/gitops/change";
import { ruleObject } from "@/lib/gitops/cnp-rule-yaml";
import { platformCnpRules } from "@/lib/gitops/platform-cnp";
import { normalizePolicies, type NormalizedPolicy } from "@/lib/policy/model";
import {
  withNamespaceLabels,
  withPolicies,
  type EvaluationContext,
} from "@/lib/evaluator/evaluation-context";

function proposedCnp(
  namespace: string,
  description: string,
  rules: { ingress: readonly CnpRule[]; egress: readonly CnpRule[] },
): NormalizedPolicy[] {
  const object: CiliumNetworkPolicy = {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: `${namespace}-default`, namespace },
    spec: {
      description,
      endpointSelector: {},
      ...(rules.ingress.length > 0 ? { ingress: rules.ingress.map((r) => ruleObject(r, "ingress")) } : {}),
      ...(rules.egress.length > 0 ? { egress: rules.egress.map((r) => ruleObject(r, "egress")) } : {}),
    },
  };
  // Rules appended to an existing policy add up with it exactly like a second policy would.
  return normalizePolicies([], [object], []).map((policy) => ({ ...policy, id: `${policy.id}#proposed` }));
}

export function applyChange(context: EvaluationContext, change: GitOpsChange): EvaluationContext {
  switch (change.type) {
    case "set-namespace-labels":
      return withNamespaceLabels(context, change);
    case "add-cnp-rules":
      return withPolicies(
        context,
        proposedCnp(change.namespace, "proposed rules", {
          ingress: change.ingress ?? [],
          egress: change.egress ?? [],
        }),
      );
    case "add-platform-cnp":
      return withPolicies(
        context,
        proposedCnp(change.namespace, change.description, platformCnpRules(change, context.conventions)),
      );
  }
}

export function applyChanges(
  context: EvaluationContext,
  changes: readonly GitOpsChange[],
): EvaluationContext {
  return changes.reduce(applyChange, context);
}

/** The namespaces whose pods a change can affect, as subjects or as peers. */
export function changedNamespaces(changes: readonly GitOpsChange[]): Set<string> {
  return new Set(changes.map((c) => c.namespace));
}
