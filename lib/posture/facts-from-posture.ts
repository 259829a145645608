import type { ClusterFacts, PlatformPolicyFacts } from "@/lib/drops/cluster-facts";
import type { Namespace } from "@/lib/kube/types";
import { FULL_KNOWLEDGE, unknownSummary, type ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import type { ClusterPosture } from "./cluster-posture";
import { withSummaries, type NamespacePosture } from "./namespace-posture";
import type { PlatformCheckId } from "./platform-checks";

// Drop classification looks at the cluster as it is: which baselines exist and which required
// rules each platform namespace's policies grant. Both come from the posture, so the posture page
// and the drop explanations never disagree.

function checkPresent(posture: NamespacePosture, id: PlatformCheckId): boolean {
  const check = posture.platformChecks.find((c) => c.id === id);
  return check?.status === "present";
}

function platformPolicyFacts(
  posture: NamespacePosture,
  policies: ClusterPosture["policies"],
): PlatformPolicyFacts | null {
  const ownPolicies = withSummaries(posture.policies, policies).filter((p) => p.role === "namespace");
  if (ownPolicies.length === 0) return null;
  return {
    dnsEgress: checkPresent(posture, "dns-egress"),
    scrapeIngress: checkPresent(posture, "prometheus-scrape"),
    healthIngress: checkPresent(posture, "health-probes"),
    hbone: checkPresent(posture, "hbone"),
  };
}

export function clusterFactsFromPosture(
  posture: ClusterPosture,
  namespaces: readonly Namespace[],
  knowledge: ClusterKnowledge = FULL_KNOWLEDGE,
): ClusterFacts {
  const unknown = unknownSummary(knowledge);
  const platformPolicies: Record<string, PlatformPolicyFacts> = {};
  for (const ns of posture.namespaces) {
    if (ns.kind !== "platform") continue;
    const facts = platformPolicyFacts(ns, posture.policies);
    if (facts) platformPolicies[ns.name] = facts;
  }
  return {
    namespaceLabels: Object.fromEntries(namespaces.map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}])),
    platformNamespaces: posture.namespaces.filter((ns) => ns.kind === "platform").map((ns) => ns.name),
    dnsBaselinePresent: posture.baselines.dns.status === "present",
    scrapeBaselinePresent: posture.baselines.scrape.status === "present",
    healthBaselinePresent: posture.baselines.health.status === "present",
    platformPolicies,
    ...(unknown ? { unknown } : {}),
  };
}
