// A policy's description says what its author meant; its rules say what Cilium does. A few claims
// descriptions commonly make are checked against the rules, and a contradiction is reported with
// both texts. The claims are data: a pattern and the rules that would contradict it.

import { peerAdmitsEveryPod } from "@/lib/policy/every-pod";
import { refLabel, type NormalizedPolicy, type NormalizedRule } from "@/lib/policy/model";
import { describePorts, ruleName } from "@/lib/policy/render-rule";
import { finding, type Finding } from "./findings";

interface Claim {
  /** Matched case-insensitively against the description. */
  pattern: RegExp;
  /** Why the rule contradicts the claim, or null when it does not. */
  contradiction: (rule: NormalizedRule) => string | null;
}

function allows(rule: NormalizedRule): boolean {
  return !rule.deny && rule.peers.length > 0;
}

function onlyPort(rule: NormalizedRule, port: number): boolean {
  const specs = rule.toPorts.flatMap((p) => p.ports);
  return (
    rule.toPorts.length > 0 &&
    rule.toPorts.every((p) => p.ports.length > 0) &&
    specs.every((s) => s.port === port && s.endPort === undefined)
  );
}

const CLAIMS: readonly Claim[] = [
  {
    pattern:
      /\bintra[- ]?namespace\b|\bsame namespace\b|\b(?:within|in|of) (?:the|its|their|a|each|one's) (?:own )?namespace\b|\bown namespace\b/i,
    contradiction: (rule) =>
      allows(rule) && rule.peers.some(peerAdmitsEveryPod)
        ? `${rule.direction === "ingress" ? "admits" : "reaches"} every pod of every namespace on ${describePorts(rule)}`
        : null,
  },
  {
    pattern: /\bDNS(?: egress)? only\b|\bonly DNS\b/i,
    contradiction: (rule) =>
      allows(rule) && rule.direction === "egress" && !onlyPort(rule, 53)
        ? `allows egress on ${describePorts(rule)}`
        : null,
  },
  {
    pattern: /\bno ingress\b/i,
    contradiction: (rule) => (allows(rule) && rule.direction === "ingress" ? "allows ingress" : null),
  },
  {
    pattern: /\bno egress\b/i,
    contradiction: (rule) => (allows(rule) && rule.direction === "egress" ? "allows egress" : null),
  },
];

/** A finding when the policy's description claims what one of its rules contradicts. */
export function descriptionFindings(policy: NormalizedPolicy): Finding[] {
  const description = policy.description?.trim();
  if (!description) return [];
  const rules = [...policy.ingress, ...policy.egress];
  const contradictions: { rule: string; text: string }[] = [];
  for (const claim of CLAIMS) {
    if (!claim.pattern.test(description)) continue;
    for (const rule of rules) {
      const why = claim.contradiction(rule);
      if (why) contradictions.push({ rule: rule.id, text: `${ruleName(rule.id, rule.direction)} ${why}` });
    }
  }
  if (contradictions.length === 0) return [];
  const seen = [...new Map(contradictions.map((c) => [c.rule + c.text, c])).values()];
  return [
    finding(
      "description-contradicts-rules",
      "warning",
      `${refLabel(policy.ref)} says "${description}" but ${seen.map((c) => c.text).join("; ")}`,
      {
        namespace: policy.ref.namespace ?? null,
        policy: policy.ref,
        rules: [...new Set(seen.map((c) => c.rule))],
      },
    ),
  ];
}
