// What part a policy plays under the conventions, read from what its subject selects (not its name).

import {
  usesAccessLabels,
  usesEscapeHatch,
  usesProfiles,
  type Conventions,
} from "@/lib/conventions/conventions";
import type { NormalizedPolicy } from "@/lib/policy/model";
import { NAMESPACE_LABELS_PREFIX, type SelectorRequirement } from "@/lib/policy/selector";

/**
 * baseline: a CCNP selecting every pod (at most NotIn/DoesNotExist requirements), or every pod of
 *   the namespaces carrying the baselines' opt-in label;
 * profile / access: a CCNP selecting namespaces by the profile label / an access label;
 * escape-hatch: a CCNP selecting namespaces whose enforcement is disabled;
 * host: a CCNP with a nodeSelector (it selects nodes, never pods);
 * cluster-wide: any other CCNP; namespace: a CNP or NetworkPolicy.
 */
export type PolicyRole =
  "baseline" | "profile" | "access" | "escape-hatch" | "cluster-wide" | "host" | "namespace";

export interface PolicyRoleInfo {
  role: PolicyRole;
  /** Profile names a profile policy selects ("*" for any profile). */
  profiles: string[];
  /** Access label names (without prefix) an access policy selects. */
  accessLabels: string[];
}

function positive(r: SelectorRequirement): boolean {
  return r.operator === "In" || r.operator === "Exists";
}

export function policyRole(policy: NormalizedPolicy, conventions: Conventions): PolicyRoleInfo {
  const info: PolicyRoleInfo = { role: "namespace", profiles: [], accessLabels: [] };
  if (policy.ref.kind !== "CCNP") return info;
  if (policy.subject.type === "nodes") return { ...info, role: "host" };
  if (policy.subject.type !== "endpoints") return { ...info, role: "cluster-wide" };
  const requirements = policy.subject.selector.requirements;
  // A vocabulary the conventions do not use matches no requirement.
  const profileKey = usesProfiles(conventions) ? NAMESPACE_LABELS_PREFIX + conventions.profileLabel : null;
  const accessPrefix = usesAccessLabels(conventions)
    ? NAMESPACE_LABELS_PREFIX + conventions.accessLabelPrefix
    : null;
  const enforcementKey = usesEscapeHatch(conventions)
    ? NAMESPACE_LABELS_PREFIX + conventions.enforcementLabel
    : null;
  const optIn = conventions.baselineOptIn;
  const isOptIn = (r: SelectorRequirement) =>
    !!optIn &&
    r.key === NAMESPACE_LABELS_PREFIX + optIn.key &&
    r.operator === "In" &&
    r.values.length === 1 &&
    r.values[0] === optIn.value;

  if (
    requirements.some(
      (r) =>
        r.key === enforcementKey &&
        r.operator === "In" &&
        r.values.includes(conventions.enforcementDisabledValue),
    )
  ) {
    return { ...info, role: "escape-hatch" };
  }
  for (const r of requirements) {
    if (r.key === profileKey && positive(r))
      info.profiles.push(...(r.operator === "Exists" ? ["*"] : r.values));
    if (accessPrefix !== null && r.key.startsWith(accessPrefix) && positive(r) && !isOptIn(r)) {
      const grants = r.operator === "Exists" || r.values.includes(conventions.accessLabelValue);
      if (grants) info.accessLabels.push(r.key.slice(accessPrefix.length));
    }
  }
  if (info.profiles.length > 0) return { ...info, role: "profile" };
  if (info.accessLabels.length > 0) return { ...info, role: "access" };
  if (!requirements.some((r) => positive(r) && !isOptIn(r))) return { ...info, role: "baseline" };
  return { ...info, role: "cluster-wide" };
}

/** Every role, in the order the namespace page lists them: what applies to every pod first. */
export const POLICY_ROLE_ORDER: readonly PolicyRole[] = [
  "baseline",
  "profile",
  "access",
  "escape-hatch",
  "cluster-wide",
  "host",
  "namespace",
];

export function roleOrder(role: PolicyRole): number {
  return POLICY_ROLE_ORDER.indexOf(role);
}
