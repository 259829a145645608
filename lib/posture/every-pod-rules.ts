// Cluster-wide rules that admit every pod of every namespace (an empty endpoint selector in a CCNP
// and its equivalents): they void what profiles and access labels restrict, so each is a critical
// finding on every namespace its policy selects, and the posture's summaries name it instead of
// claiming a restriction it voids.

import { ruleAdmitsEveryPod, selectorMatchesEveryPod } from "@/lib/policy/every-pod";
import { refLabel, type Direction, type NormalizedPolicy, type PolicyRef } from "@/lib/policy/model";
import { describePorts, ruleName } from "@/lib/policy/render-rule";
import { finding, type Finding } from "./findings";

export interface EveryPodRule {
  policy: PolicyRef;
  /** The rule's place in its policy, "spec.ingress[0]". */
  rule: string;
  /** As people count: "ingress rule 1", "specs[1] egress rule 2". */
  name: string;
  direction: Direction;
  /** "any port", "5432/TCP". */
  ports: string;
  /** "CCNP intra-namespace ingress rule 1 admits every pod of every namespace on any port". */
  text: string;
}

const memo = new WeakMap<NormalizedPolicy, EveryPodRule[]>();

/** The allow rules of a cluster-wide pod policy through which every pod of every namespace passes. */
export function everyPodRules(policy: NormalizedPolicy): EveryPodRule[] {
  const known = memo.get(policy);
  if (known) return known;
  const rules: EveryPodRule[] = [];
  // A CNP's empty selector means its own namespace; host policies draw no pod conclusions.
  if (policy.ref.kind === "CCNP" && policy.subject.type === "endpoints") {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (!ruleAdmitsEveryPod(rule)) continue;
      const name = ruleName(rule.id, rule.direction);
      const ports = describePorts(rule);
      const what =
        rule.direction === "ingress"
          ? "admits every pod of every namespace"
          : "lets its pods reach every pod of every namespace";
      rules.push({
        policy: policy.ref,
        rule: rule.id,
        name,
        direction: rule.direction,
        ports,
        text: `${refLabel(policy.ref)} ${name} ${what} on ${ports}`,
      });
    }
  }
  memo.set(policy, rules);
  return rules;
}

function consequence(policy: NormalizedPolicy, rules: readonly EveryPodRule[], rule: EveryPodRule): string {
  const both = rules.some((r) => r.direction === "ingress") && rules.some((r) => r.direction === "egress");
  const everyone = policy.subject.type === "endpoints" && selectorMatchesEveryPod(policy.subject.selector);
  if (both && everyone) return "it voids every access label";
  return rule.direction === "ingress"
    ? "whatever profile or access label a client has, it reaches the pods this policy selects"
    : "access labels cannot narrow what these pods reach; only the receivers' ingress rules can";
}

/** One critical finding per such rule, about `namespace` (null: at cluster level). */
export function everyPodFindings(policy: NormalizedPolicy, namespace: string | null): Finding[] {
  const rules = everyPodRules(policy);
  return rules.map((rule) =>
    finding("open-to-every-pod", "critical", `${rule.text}: ${consequence(policy, rules, rule)}`, {
      namespace,
      policy: policy.ref,
      rules: [rule.rule],
    }),
  );
}
