import type { Conventions, ProfileGrant } from "@/lib/conventions/conventions";
import { labelValue } from "@/lib/policy/selector";

// What drop classification needs to know about the cluster as it is now. Computed elsewhere
// (from the Kubernetes cache); classification only reads it.

/** Which of the template's required rules a platform namespace's hand-crafted CNP has. */
export interface PlatformPolicyFacts {
  dnsEgress: boolean;
  scrapeIngress: boolean;
  healthIngress: boolean;
  hbone: boolean;
}

export interface ClusterFacts {
  /** Labels of the cluster's namespaces, by namespace name. */
  namespaceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Platform namespaces; the conventions' list when left out. */
  platformNamespaces?: readonly string[];
  dnsBaselinePresent: boolean;
  scrapeBaselinePresent: boolean;
  healthBaselinePresent: boolean;
  /**
   * The hand-crafted CNPs of platform namespaces, by namespace: a platform namespace missing
   * here has none. Left out when Sieve does not know.
   */
  platformPolicies?: Readonly<Record<string, PlatformPolicyFacts>>;
  /**
   * Set when some of the cluster's objects are not known current ("unknown — Kubernetes API
   * unreachable"): no classification may rest on labels, baselines or policies then.
   */
  unknown?: string;
}

/** A namespace as drop classification sees it. */
export interface NamespaceFacts {
  name: string;
  /** False when the namespace is not in the facts (deleted, or not synced yet). */
  known: boolean;
  labels: Readonly<Record<string, string>>;
  platform: boolean;
  profile: string | null;
  /** What the profile opens; null without a profile or for a profile the conventions do not know. */
  grant: ProfileGrant | null;
  enforcementDisabled: boolean;
  inAmbientMesh: boolean;
  /** undefined: not known; null: the platform namespace has no CNP of its own. */
  platformPolicy: PlatformPolicyFacts | null | undefined;
}

export function namespaceFacts(name: string, facts: ClusterFacts, conventions: Conventions): NamespaceFacts {
  const known = Object.hasOwn(facts.namespaceLabels, name);
  const labels = known ? facts.namespaceLabels[name]! : {};
  const profile = labelValue(labels, conventions.profileLabel) ?? null;
  const platform = (facts.platformNamespaces ?? conventions.platformNamespaces).includes(name);
  let platformPolicy: PlatformPolicyFacts | null | undefined;
  if (platform && facts.platformPolicies) {
    platformPolicy = Object.hasOwn(facts.platformPolicies, name) ? facts.platformPolicies[name]! : null;
  }
  return {
    name,
    known,
    labels,
    platform,
    profile,
    grant: conventions.profileGrants.find((g) => g.profile === profile) ?? null,
    enforcementDisabled:
      labelValue(labels, conventions.enforcementLabel) === conventions.enforcementDisabledValue,
    inAmbientMesh: labelValue(labels, conventions.mesh.dataplaneLabel) === conventions.mesh.dataplaneValue,
    platformPolicy,
  };
}
