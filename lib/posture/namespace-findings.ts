// Findings about a namespace as a whole: its labels, what selects it, its pods, its escape hatch.

import { usesAccessLabels, usesProfiles, type Conventions } from "@/lib/conventions/conventions";
import { refLabel, type PolicyRef } from "@/lib/policy/model";
import type { EnforcementPosture } from "./enforcement";
import { finding, type Finding } from "./findings";
import type { NamespaceLabelSummary } from "./namespace-labels";
import type { PlatformCheck } from "./platform-checks";

function podList(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function profileFindings(
  summary: NamespaceLabelSummary,
  profilePolicies: readonly PolicyRef[],
  enforcementEnabled: boolean,
  conventions: Conventions,
): Finding[] {
  // A repository without profiles is never asked for one.
  if (!usesProfiles(conventions)) return [];
  const where = { namespace: summary.name };
  const known = conventions.profiles.map((p) => p.name).join(", ");
  if (summary.kind === "platform") {
    if (summary.profile === null) return [];
    return [
      finding(
        "profile-on-platform-namespace",
        "warning",
        `platform namespace ${summary.name} has profile ${summary.profile}: platform namespaces need a hand-crafted CiliumNetworkPolicy, not a profile`,
        where,
      ),
    ];
  }
  if (summary.profile === null) {
    return [
      finding(
        "no-profile",
        "warning",
        `${summary.name} has no ${conventions.profileLabel} label: no ingress is allowed beyond the baselines; choose one of ${known}`,
        where,
      ),
    ];
  }
  if (summary.profileDefinition === null) {
    return [
      finding(
        "unknown-profile",
        "warning",
        `${summary.name} has ${conventions.profileLabel}="${summary.profile}", but no profile policy selects that value (profiles: ${known}): the label opens nothing`,
        where,
      ),
    ];
  }
  if (enforcementEnabled && profilePolicies.length === 0) {
    const why =
      summary.profileSource === "annotation"
        ? "it is set as an annotation, and Cilium selects namespaces by labels only"
        : "no profile policy selects it";
    return [
      finding(
        "profile-not-enforced",
        "warning",
        `${summary.name} has profile ${summary.profile} but ${why}: the profile grants nothing`,
        where,
      ),
    ];
  }
  return [];
}

export function malformedAccessLabelFindings(
  summary: NamespaceLabelSummary,
  conventions: Conventions,
): Finding[] {
  return summary.malformedAccessLabels.map(({ key, value }) =>
    finding(
      "malformed-access-label",
      "info",
      `${summary.name} has ${key}="${value}", not "${conventions.accessLabelValue}": it opens nothing`,
      { namespace: summary.name },
    ),
  );
}

/** Labels that look like a convention's but that no policy reads: they silently open nothing. */
export function unreadLabelFindings(summary: NamespaceLabelSummary, conventions: Conventions): Finding[] {
  const where = { namespace: summary.name };
  const noAccessPolicy = usesAccessLabels(conventions) ? "" : " (this cluster has no access policy at all)";
  const findings = summary.unknownAccessLabels.map(({ key, value }) =>
    finding(
      "label-opens-nothing",
      "warning",
      `${summary.name} has ${key}="${value}", but no access policy selects it${noAccessPolicy}: the label opens nothing`,
      where,
    ),
  );
  if (summary.foreignProfileLabel) {
    const { key, value } = summary.foreignProfileLabel;
    const why = usesProfiles(conventions)
      ? `the profile policies select ${conventions.profileLabel}, not ${key}`
      : "no profile policy exists in this cluster";
    findings.push(
      finding(
        "label-opens-nothing",
        "warning",
        `${summary.name} has ${key}="${value}", but ${why}: the label opens nothing`,
        where,
      ),
    );
  }
  return findings;
}

/** An access label the conventions define (e.g. in a conventions file) that no policy selects the namespace for. */
export function accessWithoutPolicyFindings(
  namespace: string,
  access: readonly { key: string; policies: readonly PolicyRef[] }[],
  enforcementEnabled: boolean,
): Finding[] {
  // With the escape hatch open everything flows anyway; the enforcement finding says so.
  if (!enforcementEnabled) return [];
  return access
    .filter((a) => a.policies.length === 0)
    .map((a) =>
      finding(
        "label-opens-nothing",
        "warning",
        `${namespace} has ${a.key}, but no access policy selects it: the label opens nothing`,
        { namespace },
      ),
    );
}

export function platformFindings(
  summary: NamespaceLabelSummary,
  ownCnps: number,
  livePods: number,
  checks: readonly PlatformCheck[],
): Finding[] {
  if (summary.kind !== "platform") return [];
  const where = { namespace: summary.name };
  const findings: Finding[] = [];
  // Namespaces without pods (kube-public, kube-node-lease) have nothing to protect.
  if (ownCnps === 0 && livePods > 0) {
    findings.push(
      finding(
        "platform-without-cnp",
        "warning",
        `platform namespace ${summary.name} runs ${livePods} pod(s) without a hand-crafted CiliumNetworkPolicy: only baselines apply to it`,
        where,
      ),
    );
  }
  for (const check of checks) {
    if (!check.required || check.status === "present" || check.status === "not-applicable") continue;
    findings.push(
      finding(
        "platform-check-missing",
        check.status === "missing" ? "warning" : "info",
        `${summary.name}: ${check.title} is ${check.status} (${check.message})`,
        where,
      ),
    );
  }
  return findings;
}

export function hostNetworkFindings(
  namespace: string,
  platform: boolean,
  hostNetworkPods: readonly string[],
): Finding[] {
  if (hostNetworkPods.length === 0) return [];
  // System agents (CNI, node exporters) legitimately use the host network; applications should not.
  return [
    finding(
      "host-network-pods",
      platform ? "info" : "warning",
      `${hostNetworkPods.length} pod(s) in ${namespace} use hostNetwork (${podList(hostNetworkPods)}): network policy does not apply to them`,
      { namespace },
    ),
  ];
}

export function selectionFindings(
  namespace: string,
  selectingPolicies: number,
  unselectedPods: readonly string[],
  enforcementEnabled: boolean,
): Finding[] {
  // With the escape hatch on, being unselected is the point; the enforcement finding says so.
  if (!enforcementEnabled) return [];
  if (selectingPolicies === 0) {
    return [
      finding(
        "no-policy-selects",
        "warning",
        `no policy selects ${namespace}: its pods accept and send any traffic (Cilium allows everything until a policy selects a pod)`,
        { namespace },
      ),
    ];
  }
  if (unselectedPods.length === 0) return [];
  return [
    finding(
      "no-policy-selects",
      "warning",
      `${unselectedPods.length} pod(s) in ${namespace} are selected by no policy (${podList(unselectedPods)}): they accept and send any traffic`,
      { namespace },
    ),
  ];
}

export function enforcementFindings(namespace: string, enforcement: EnforcementPosture): Finding[] {
  if (enforcement.enabled) return [];
  const severity = enforcement.alert?.severity ?? (enforcement.disabledForMs === null ? "warning" : "info");
  return [
    finding(
      "enforcement-disabled",
      severity,
      `network policy is not enforced in ${namespace}, ${enforcement.summary}; re-enable with \`${enforcement.reenableCommand}\` (${enforcement.runbook})`,
      { namespace },
    ),
  ];
}

export interface DnsGap {
  policy: PolicyRef;
  /** The policy denies DNS (deny rules win over every allow), rather than restricting without allowing it. */
  denied: boolean;
  /** Pods left without DNS egress; null when it is all of the policy's pods or none are known. */
  pods: string[] | null;
}

export function egressWithoutDnsFindings(
  namespace: string,
  gaps: readonly DnsGap[],
  dnsLabel: string,
): Finding[] {
  return gaps.map((gap) => {
    const pods = gap.pods && gap.pods.length > 0 ? ` for ${podList(gap.pods)}` : "";
    const what = gap.denied
      ? `denies ${dnsLabel}${pods}, and deny rules win over every allow`
      : `restricts egress but nothing allows ${dnsLabel}${pods}`;
    return finding(
      "egress-without-dns",
      "warning",
      `${refLabel(gap.policy)} ${what}: name resolution fails ("no such host")`,
      { namespace, policy: gap.policy },
    );
  });
}

/** A DNS rule allowing UDP but not TCP: answers too large for UDP (DNSSEC, SRV) fail. */
export function dnsUdpOnlyFindings(
  namespace: string,
  policies: readonly PolicyRef[],
  coveredBy: PolicyRef | null,
): Finding[] {
  return policies.map((policy) =>
    finding(
      "dns-udp-only",
      "info",
      `${refLabel(policy)} allows DNS over UDP but not TCP (large answers need TCP 53)` +
        (coveredBy ? `; ${refLabel(coveredBy)} already allows both, so this rule is redundant` : ""),
      { namespace, policy },
    ),
  );
}
