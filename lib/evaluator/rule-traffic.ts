// Does one normalized rule match the other side of a connection and its port? Builds on the policy
// model's peer matching, adding what a connection query needs: several views of one peer (an
// address and the names it resolved from) and ICMP.

import type { FlowProtocol } from "@/lib/flows/flow";
import type { NormalizedRule } from "@/lib/policy/model";
import { isAnyPortSpec, ruleAllowsPort, ruleMatchesRemote, type Remote } from "@/lib/policy/rule-match";
import { podIdentityLabels, type IdentityLabels } from "@/lib/policy/selector";
import type { AnyEndpoint, PodEndpoint } from "./connection-query";
import { namespaceIn, type EvaluationContext } from "./evaluation-context";

/** The identity labels Cilium gives the pod, with its namespace's labels as the context has them. */
export function podIdentity(pod: PodEndpoint, context: EvaluationContext): IdentityLabels {
  return podIdentityLabels(pod.labels, namespaceIn(context, pod.namespace), pod.serviceAccount ?? "default");
}

/**
 * How rules can see the endpoint. An address outside the cluster is also matched by toFQDNs
 * through the names Hubble associated with it; a DNS name with a known address by toCIDR.
 */
export function remotesOf(endpoint: AnyEndpoint, context: EvaluationContext): Remote[] {
  switch (endpoint.kind) {
    case "pod":
      return [{ kind: "endpoint", labels: podIdentity(endpoint, context) }];
    case "entity":
      return [{ kind: "entity", entity: endpoint.entity }];
    case "cidr":
      return [
        { kind: "address", cidr: endpoint.cidr },
        ...(endpoint.dnsNames ?? []).map((name): Remote => ({ kind: "fqdn", name })),
      ];
    case "fqdn":
      return [
        { kind: "fqdn", name: endpoint.name },
        ...(endpoint.ip ? [{ kind: "address", cidr: endpoint.ip } as Remote] : []),
      ];
  }
}

function isIcmp(protocol: FlowProtocol | null): protocol is "ICMPv4" | "ICMPv6" {
  return protocol === "ICMPv4" || protocol === "ICMPv6";
}

/** Does the rule's L4 part admit the traffic? (L7 rules filter requests, not the connection.) */
export function ruleAdmitsTraffic(
  rule: NormalizedRule,
  port: number | null,
  protocol: FlowProtocol | null,
): boolean {
  if (rule.toPorts.length === 0 && rule.icmps.length === 0) return true;
  if (isIcmp(protocol)) {
    // Hubble does not report the ICMP type here; any ICMP rule of the family admits it.
    const family = protocol === "ICMPv4" ? "IPv4" : "IPv6";
    return rule.icmps.some((icmp) => icmp.family === family);
  }
  if (protocol === null) return false;
  if (port === null) {
    return rule.toPorts.some(
      (portRule) =>
        portRule.ports.length === 0 ||
        portRule.ports.some((s) => isAnyPortSpec(s) && (s.protocol === "ANY" || s.protocol === protocol)),
    );
  }
  return ruleAllowsPort(rule, port, protocol);
}

export function ruleMatchesAny(rule: NormalizedRule, remotes: readonly Remote[]): boolean {
  return remotes.some((remote) => ruleMatchesRemote(rule, remote));
}
