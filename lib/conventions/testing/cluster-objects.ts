// Test helpers: a cluster's objects from a list of manifests, and what posture decides about it.

import type { ClusterPosture } from "@/lib/posture/cluster-posture";
import type { ClusterObjects } from "@/lib/posture/posture-context";

const KINDS: Record<string, keyof ClusterObjects> = {
  Namespace: "namespaces",
  Pod: "pods",
  NetworkPolicy: "networkpolicies",
  CiliumNetworkPolicy: "ciliumnetworkpolicies",
  CiliumClusterwideNetworkPolicy: "ciliumclusterwidenetworkpolicies",
};

export function clusterObjectsOf(manifests: readonly unknown[]): ClusterObjects {
  const objects: Record<keyof ClusterObjects, unknown[]> = {
    namespaces: [],
    pods: [],
    networkpolicies: [],
    ciliumnetworkpolicies: [],
    ciliumclusterwidenetworkpolicies: [],
  };
  for (const manifest of manifests) {
    const kind = (manifest as { kind?: unknown } | null)?.kind;
    const list = typeof kind === "string" ? KINDS[kind] : undefined;
    if (list) objects[list].push(manifest);
  }
  return objects as unknown as ClusterObjects;
}

/** What posture decides about every namespace and the cluster, without the wording of profiles. */
export function postureDecisions(posture: ClusterPosture) {
  return {
    baselines: Object.fromEntries(Object.entries(posture.baselines).map(([k, b]) => [k, b.status])),
    findings: posture.findings.map((f) => `${f.severity} ${f.code} ${f.message}`),
    counts: posture.counts,
    namespaces: posture.namespaces.map((ns) => ({
      name: ns.name,
      kind: ns.kind,
      kindSummary: ns.kindSummary,
      profile: ns.profile.name,
      known: ns.profile.known,
      profilePolicies: ns.profile.policies,
      access: ns.accessLabels.map((a) => `${a.key} ${a.target} ${a.ports.join("/")}`).sort(),
      malformedAccess: ns.malformedAccessLabels,
      enforcement: ns.enforcement,
      policies: ns.policies,
      checks: ns.platformChecks.map((c) => `${c.title} ${c.status}`),
      findings: ns.findings.map((f) => `${f.severity} ${f.code} ${f.message}`),
    })),
  };
}
