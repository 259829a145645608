// DNS egress, the most forgotten rule: which policies leave pods unable to resolve names (a deny rule
// against kube-dns, or restricted egress with no allow for it), and DNS rules that forget TCP.

import type { PolicyRef } from "@/lib/policy/model";
import { policySelectsEndpoint, type NamespaceSelection } from "@/lib/policy/selection";
import type { Finding } from "./findings";
import { dnsUdpOnlyFindings, egressWithoutDnsFindings, type DnsGap } from "./namespace-findings";
import type { PodIdentity } from "./namespace-pods";
import { policyAllowsProbe, policyDeniesProbe, type Probe } from "./platform-checks";
import type { PostureContext } from "./posture-context";

function dnsProbe(context: PostureContext, protocol: "UDP" | "TCP", port?: number): Probe | undefined {
  return context.probes.dns.find(
    (p) => "port" in p.port && p.port.protocol === protocol && (port === undefined || p.port.port === port),
  );
}

/**
 * Policies that leave pods without DNS: those denying it (deny wins over any allow) and those
 * restricting egress while no policy selecting the same pods allows it.
 */
function dnsGaps(
  context: PostureContext,
  selections: readonly NamespaceSelection[],
  podsOf: () => PodIdentity[],
): DnsGap[] {
  const probe = dnsProbe(context, "UDP") ?? context.probes.dns[0];
  if (!probe) return [];
  const selectedPods = (selection: NamespaceSelection) =>
    selection.coverage === "all"
      ? null
      : podsOf().filter((pod) => policySelectsEndpoint(selection.policy, pod.identity));
  const gaps: DnsGap[] = [];
  for (const selection of selections) {
    if (!policyDeniesProbe(selection.policy, probe, context.probeMemo)) continue;
    const pods = selectedPods(selection);
    if (pods === null || pods.length > 0) {
      gaps.push({ policy: selection.policy.ref, denied: true, pods: pods?.map((p) => p.name) ?? null });
    }
  }
  const restricting = selections.filter((s) => s.policy.defaultDeny.egress);
  const allowers = selections.filter((s) => policyAllowsProbe(s.policy, probe, context.probeMemo));
  if (restricting.length === 0 || allowers.some((s) => s.coverage === "all")) return gaps;
  const pods = podsOf();
  for (const selection of restricting) {
    if (allowers.includes(selection)) continue;
    if (pods.length === 0) {
      if (allowers.length === 0) gaps.push({ policy: selection.policy.ref, denied: false, pods: null });
      continue;
    }
    const uncovered = (selectedPods(selection) ?? pods)
      .filter((pod) => !allowers.some((a) => policySelectsEndpoint(a.policy, pod.identity)))
      .map((pod) => pod.name);
    if (uncovered.length > 0) gaps.push({ policy: selection.policy.ref, denied: false, pods: uncovered });
  }
  return gaps;
}

function dnsUdpOnly(
  context: PostureContext,
  name: string,
  selections: readonly NamespaceSelection[],
): Finding[] {
  const { policies, coveredBy } = udpOnlyDns(context, name, selections);
  return dnsUdpOnlyFindings(name, policies, coveredBy);
}

/** The namespace's own policies allowing DNS over UDP but not TCP, and a baseline making them redundant. */
function udpOnlyDns(context: PostureContext, name: string, selections: readonly NamespaceSelection[]) {
  const policies: PolicyRef[] = [];
  for (const policy of context.policiesByNamespace.get(name) ?? []) {
    const udpOnly = context.probes.dns.some((udp) => {
      if (!("port" in udp.port) || udp.port.protocol !== "UDP") return false;
      const tcp = dnsProbe(context, "TCP", udp.port.port);
      return (
        policyAllowsProbe(policy, udp, context.probeMemo) &&
        (!tcp || !policyAllowsProbe(policy, tcp, context.probeMemo))
      );
    });
    if (udpOnly && !policies.includes(policy.ref)) policies.push(policy.ref);
  }
  if (policies.length === 0) return { policies, coveredBy: null };
  const covering = selections.find(
    (s) =>
      s.coverage === "all" &&
      s.policy.ref.kind === "CCNP" &&
      context.probes.dns.every((p) => policyAllowsProbe(s.policy, p, context.probeMemo)),
  );
  return { policies, coveredBy: covering?.policy.ref ?? null };
}

/** egress-without-dns and dns-udp-only findings for one namespace. */
export function dnsEgressFindings(
  context: PostureContext,
  name: string,
  platform: boolean,
  selections: readonly NamespaceSelection[],
  podsOf: () => PodIdentity[],
): Finding[] {
  // On platform namespaces the required DNS check reports the same gap.
  const gaps = platform ? [] : dnsGaps(context, selections, podsOf);
  return [
    ...egressWithoutDnsFindings(name, gaps, context.probes.dns[0]?.label ?? "DNS"),
    ...dnsUdpOnly(context, name, selections),
  ];
}
