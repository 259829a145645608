// Lint findings: what is wrong, how bad, and a one-line why. This file holds the finding type and the
// findings about a single policy; namespace-findings.ts holds those about a namespace.

import { visibleText } from "@/lib/text/visible-text";
import type { Conventions } from "@/lib/conventions/conventions";
import type { NetworkPolicy } from "@/lib/kube/types";
import { addressSpace, sameCidr } from "@/lib/policy/cidr";
import { isRecord } from "@/lib/policy/json-read";
import {
  refLabel,
  type Direction,
  type NormalizedPolicy,
  type NormalizedRule,
  type Peer,
  type PolicyRef,
} from "@/lib/policy/model";
import { ruleName } from "@/lib/policy/render-rule";
import { ruleAllowsAnyPort } from "@/lib/policy/rule-match";
import type { PolicyRoleInfo } from "./policy-roles";

export type Severity = "critical" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export type FindingCode =
  | "explicit-default-deny"
  | "hard-coded-ip"
  | "ip-block-for-cloud-endpoint"
  | "any-port"
  | "or-peers-probably-and"
  | "open-to-every-pod"
  | "description-contradicts-rules"
  | "unresolved-variable"
  | "policy-problem"
  | "no-profile"
  | "unknown-profile"
  | "profile-not-enforced"
  | "profile-on-platform-namespace"
  | "platform-without-cnp"
  | "platform-check-missing"
  | "egress-without-dns"
  | "dns-udp-only"
  | "host-network-pods"
  | "no-policy-selects"
  | "enforcement-disabled"
  | "malformed-access-label"
  | "label-opens-nothing"
  | "missing-baseline"
  | "cni-not-enforcing";

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One line: what is wrong and why it matters. */
  message: string;
  /** The namespace it is about; null for cluster-level findings. */
  namespace: string | null;
  policy: PolicyRef | null;
  /** Rule ids inside the policy ("spec.egress[1]"). */
  rules: string[];
}

export function finding(
  code: FindingCode,
  severity: Severity,
  message: string,
  where: { namespace?: string | null; policy?: PolicyRef | null; rules?: string[] } = {},
): Finding {
  return {
    code,
    severity,
    // Messages quote names, labels and descriptions from the cluster: a bidi control in one must not
    // reorder the rest of the warning on the page.
    message: visibleText(message),
    namespace: where.namespace ?? null,
    policy: where.policy ?? null,
    rules: where.rules ?? [],
  };
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (worst === null || severityRank(f.severity) < severityRank(worst)) worst = f.severity;
  return worst;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.code.localeCompare(b.code),
  );
}

function rulesOf(policy: NormalizedPolicy): NormalizedRule[] {
  return [...policy.ingress, ...policy.egress];
}

function isHealthPeer(peer: Peer, conventions: Conventions): boolean {
  return (
    (peer.type === "entity" && peer.entity === "health") ||
    (peer.type === "cidr" && sameCidr(peer.cidr, conventions.healthProbeCidr))
  );
}

function deniesEverything(rule: NormalizedRule): boolean {
  const everyone = rule.peers.some(
    (p) =>
      p.type === "any" ||
      (p.type === "entity" && p.entity === "all") ||
      (p.type === "cidr" && addressSpace(p.cidr) === "any"),
  );
  return rule.deny && everyone && ruleAllowsAnyPort(rule);
}

function explicitDefaultDenyDirections(policy: NormalizedPolicy): Direction[] {
  const result: Direction[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    const rules = direction === "ingress" ? policy.ingress : policy.egress;
    const allows = rules.filter((r) => !r.deny);
    // A rule whose peers are unsubstituted variables is not understood, not one that allows nothing.
    const allowsNothing =
      policy.ref.kind === "NetworkPolicy"
        ? rules.length === 0
        : allows.length > 0 && allows.every((r) => r.peers.length === 0 && !r.unresolved);
    if ((policy.defaultDeny[direction] && allowsNothing) || rules.some(deniesEverything))
      result.push(direction);
  }
  return result;
}

/** Findings about one policy's own content. */
export function policyFindings(
  policy: NormalizedPolicy,
  role: PolicyRoleInfo,
  conventions: Conventions,
): Finding[] {
  const where = { namespace: policy.ref.namespace ?? null, policy: policy.ref };
  const name = refLabel(policy.ref);
  const findings: Finding[] = [];

  // Host policies have no baselines to deny by default for them.
  const denied = policy.subject.type === "nodes" ? [] : explicitDefaultDenyDirections(policy);
  if (denied.length > 0) {
    findings.push(
      finding(
        "explicit-default-deny",
        "warning",
        `${name} explicitly denies all ${denied.join(" and ")}: the baselines already deny by default, and an explicit deny-all hides what is really allowed`,
        where,
      ),
    );
  }

  const allows = rulesOf(policy).filter((r) => !r.deny && r.peers.length > 0);
  const hardCoded: string[] = [];
  const hardCodedRules: string[] = [];
  const cloud: string[] = [];
  const cloudRules: string[] = [];
  for (const rule of allows) {
    for (const peer of rule.peers) {
      if (peer.type !== "cidr" || sameCidr(peer.cidr, conventions.healthProbeCidr)) continue;
      hardCoded.push(peer.cidr);
      hardCodedRules.push(rule.id);
      if (rule.direction === "egress" && addressSpace(peer.cidr) === "public") {
        cloud.push(peer.cidr);
        cloudRules.push(rule.id);
      }
    }
  }
  const unique = (values: string[]) => [...new Set(values)];
  if (hardCoded.length > 0) {
    findings.push(
      finding(
        "hard-coded-ip",
        "warning",
        `${name} allows hard-coded CIDRs ${unique(hardCoded).join(", ")}: IPs change; use endpoint selectors, entities or FQDNs`,
        { ...where, rules: unique(hardCodedRules) },
      ),
    );
  }
  if (cloud.length > 0) {
    findings.push(
      finding(
        "ip-block-for-cloud-endpoint",
        "warning",
        `${name} reaches external endpoints by IP (${unique(cloud).join(", ")}): cloud IPs change without notice and the rule breaks silently; use toFQDNs`,
        { ...where, rules: unique(cloudRules) },
      ),
    );
  }

  if (role.role !== "escape-hatch") {
    const anyPort = allows.filter(
      (r) => ruleAllowsAnyPort(r) && !r.peers.every((p) => isHealthPeer(p, conventions)),
    );
    if (anyPort.length > 0) {
      findings.push(
        finding(
          "any-port",
          "warning",
          `${name} allows every port in ${anyPort.map((r) => r.id).join(", ")}: list the ports the traffic needs`,
          { ...where, rules: anyPort.map((r) => r.id) },
        ),
      );
    }
  }

  for (const rule of rulesOf(policy)) {
    if (!rule.unresolved) continue;
    findings.push(
      finding(
        "unresolved-variable",
        "warning",
        `${name} ${ruleName(rule.id, rule.direction)} is not understood: unresolved variable ${rule.unresolved.join(", ")} in its CIDR; Sieve reads it as allowing nothing until the variable is substituted`,
        { ...where, rules: [rule.id] },
      ),
    );
  }

  if (policy.problems.length > 0) {
    const more = policy.problems.length > 1 ? ` (and ${policy.problems.length - 1} more)` : "";
    findings.push(
      finding(
        "policy-problem",
        "warning",
        `${name} is malformed: ${policy.problems[0]}${more}; Sieve reads it as allowing less`,
        where,
      ),
    );
  }
  return findings;
}

function describeSelectorShort(raw: unknown): string {
  const labels =
    isRecord(raw) && isRecord(raw.matchLabels)
      ? Object.entries(raw.matchLabels).map(([k, v]) => `${k}=${String(v)}`)
      : [];
  return labels.length > 0 ? labels.join(", ") : "any labels";
}

/**
 * NetworkPolicy's most common bug: a podSelector and a namespaceSelector given as two peers (OR) where
 * one peer with both (AND) was meant.
 */
export function orPeerFindings(policy: NetworkPolicy, ref: PolicyRef): Finding[] {
  const spec: unknown = (policy as unknown as Record<string, unknown>).spec;
  if (!isRecord(spec)) return [];
  const findings: Finding[] = [];
  for (const [direction, field] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const) {
    const rules = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
    for (const [i, rule] of rules.entries()) {
      const peers =
        isRecord(rule) && Array.isArray(rule[field]) ? (rule[field] as unknown[]).filter(isRecord) : [];
      const podOnly = peers.find(
        (p) => p.podSelector != null && p.namespaceSelector == null && p.ipBlock == null,
      );
      const nsOnly = peers.find(
        (p) => p.namespaceSelector != null && p.podSelector == null && p.ipBlock == null,
      );
      if (!podOnly || !nsOnly) continue;
      const id = `spec.${direction}[${i}]`;
      findings.push(
        finding(
          "or-peers-probably-and",
          "warning",
          `${refLabel(ref)} ${id} lists podSelector and namespaceSelector as two peers (OR): pods ${describeSelectorShort(podOnly.podSelector)} here, or every pod in namespaces ${describeSelectorShort(nsOnly.namespaceSelector)}; put both in one peer to mean AND`,
          { namespace: ref.namespace ?? null, policy: ref, rules: [id] },
        ),
      );
    }
  }
  return findings;
}
