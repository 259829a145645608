// What Sieve inferred about a repository's conventions, and from which policy rules: the
// Conventions view shows it, and tests compare it with hand-written conventions files.

import type { PolicyRef } from "@/lib/policy/model";
import type { Conventions, NamespaceLabel, ProfileGrant } from "./conventions";

/** The policy (and the rules in it) an inferred item was read from. */
export interface Evidence {
  /** NormalizedPolicy id: "CCNP/profile-standard", "CCNP/access-postgres#specs[1]". */
  policyId: string;
  policy: PolicyRef;
  /** Rule ids within the policy ("spec.ingress[0]"); empty when the subject alone is the evidence. */
  rules: string[];
}

export interface InferredProfile {
  name: string;
  /** What the profile's rules let in and out, generated from the rules. */
  ingress: string;
  egress: string;
  grant: ProfileGrant;
  evidence: Evidence[];
}

export interface InferredAccessLabel {
  key: string;
  name: string;
  /** Namespace of the shared resource, or a Cilium entity. */
  target: string;
  targetKind: "namespace" | "entity";
  /** The pods or entity the label opens, as the rule names them. */
  resource: string;
  ports: number[];
  evidence: Evidence[];
  /** The target side's ingress rule admitting labelled namespaces, when the repository has one. */
  targetIngress: Evidence | null;
}

export type PlatformReason = "own-cnp" | "declared" | "fallback-list";

export interface InferredPlatformNamespace {
  name: string;
  reason: PlatformReason;
  /** The namespace-wide CNP, for "own-cnp". */
  evidence: Evidence | null;
  /** What in the GitOps repository declares it, for "declared". */
  declaredBy?: string;
}

/** A namespace label some policies select on that was not taken for a convention, and why. */
export interface SetAsideLabel {
  key: string;
  values: string[];
  reason: string;
  evidence: Evidence[];
}

export interface InferenceReport {
  profileLabel: { key: string; evidence: Evidence[] } | null;
  profiles: InferredProfile[];
  accessLabelPrefix: string | null;
  accessLabels: InferredAccessLabel[];
  escapeHatch: (NamespaceLabel & { evidence: Evidence[] }) | null;
  baselines: {
    optIn: NamespaceLabel | null;
    policies: Evidence[];
  };
  platformNamespaces: InferredPlatformNamespace[];
  setAside: SetAsideLabel[];
  /** Conventions fields nothing in the policies says, taken from the built-in defaults. */
  defaulted: (keyof Conventions)[];
  /** Conventions fields the conventions file sets, replacing what was inferred. */
  overridden: (keyof Conventions)[];
}

/** Every policy id the report names as evidence, in the order the report names them. */
export function evidencePolicyIds(report: InferenceReport): string[] {
  const all: Evidence[] = [
    ...(report.profileLabel?.evidence ?? []),
    ...report.profiles.flatMap((p) => p.evidence),
    ...report.accessLabels.flatMap((a) => [...a.evidence, ...(a.targetIngress ? [a.targetIngress] : [])]),
    ...(report.escapeHatch?.evidence ?? []),
    ...report.baselines.policies,
    ...report.platformNamespaces.flatMap((p) => (p.evidence ? [p.evidence] : [])),
    ...report.setAside.flatMap((s) => s.evidence),
  ];
  return [...new Set(all.map((e) => e.policyId))];
}
