// Which policies select a pod, or the pods of a namespace, per direction.
//
// Subject selectors are already scoped (a CNP's to its namespace), so one rule answers for every
// kind: split a selector's requirements into those about the namespace (its name and labels), which a
// namespace decides on its own, and those about pod labels, which only pods can decide. The index
// files each policy under one equality requirement on the namespace so that a namespace only looks at
// policies that can select it, instead of all of them.

import type { Direction, NormalizedPolicy } from "./model";
import {
  keyScope,
  NAMESPACE_LABELS_PREFIX,
  namespaceIdentityLabels,
  requirementMatches,
  selectorMatches,
  type IdentityLabels,
  type NamespaceInfo,
  type Selector,
  type SelectorRequirement,
} from "./selector";

/** "all": every pod of the namespace; "some": the pods whose labels match. */
export type Coverage = "all" | "some";

/** How much of a namespace a selector covers, from the namespace alone; null: none of it. */
export function selectorCoverage(
  selector: Selector,
  ns: NamespaceInfo,
  nsLabels: IdentityLabels = namespaceIdentityLabels(ns),
): Coverage | null {
  let podLevel = false;
  for (const requirement of selector.requirements) {
    const scope = keyScope(requirement.key);
    if (scope !== "pod") {
      // Pods never carry other-source labels and all share the cluster's, so those are decided here too.
      if (!requirementMatches(requirement, nsLabels)) return null;
    } else {
      podLevel = true;
    }
  }
  return podLevel ? "some" : "all";
}

/** Does the policy select the pod with these identity labels? */
export function policySelectsEndpoint(policy: NormalizedPolicy, labels: IdentityLabels): boolean {
  return policy.subject.type === "endpoints" && selectorMatches(policy.subject.selector, labels);
}

/** Does the policy take part in this direction (rules, deny rules, or default-deny)? */
export function appliesInDirection(policy: NormalizedPolicy, direction: Direction): boolean {
  return (
    policy.defaultDeny[direction] || (direction === "ingress" ? policy.ingress : policy.egress).length > 0
  );
}

type IndexKey = string;

function indexKeys(requirement: SelectorRequirement): IndexKey[] | null {
  const scope = keyScope(requirement.key);
  if (requirement.operator === "In" && scope === "namespace-name")
    return requirement.values.map((v) => `n:${v}`);
  if (requirement.operator === "In" && scope === "namespace-label") {
    const key = requirement.key.slice(NAMESPACE_LABELS_PREFIX.length);
    return requirement.values.map((v) => `l:${key}=${v}`);
  }
  if (requirement.operator === "Exists" && scope === "namespace-label") {
    return [`k:${requirement.key.slice(NAMESPACE_LABELS_PREFIX.length)}`];
  }
  return null;
}

export interface SelectionIndex {
  readonly byKey: ReadonlyMap<IndexKey, readonly NormalizedPolicy[]>;
  /** Policies with no namespace equality to file them under; every namespace checks these. */
  readonly unkeyed: readonly NormalizedPolicy[];
}

export function buildSelectionIndex(policies: readonly NormalizedPolicy[]): SelectionIndex {
  const byKey = new Map<IndexKey, NormalizedPolicy[]>();
  const unkeyed: NormalizedPolicy[] = [];
  for (const policy of policies) {
    if (policy.subject.type !== "endpoints") continue;
    let keys: IndexKey[] | null = null;
    for (const requirement of policy.subject.selector.requirements) {
      keys = indexKeys(requirement);
      if (keys) break;
    }
    if (!keys) {
      unkeyed.push(policy);
      continue;
    }
    for (const key of new Set(keys)) {
      const list = byKey.get(key);
      if (list) list.push(policy);
      else byKey.set(key, [policy]);
    }
  }
  return { byKey, unkeyed };
}

function candidates(index: SelectionIndex, ns: NamespaceInfo): NormalizedPolicy[] {
  const result: NormalizedPolicy[] = [...(index.byKey.get(`n:${ns.name}`) ?? [])];
  for (const [k, v] of Object.entries(ns.labels)) {
    result.push(...(index.byKey.get(`l:${k}=${v}`) ?? []), ...(index.byKey.get(`k:${k}`) ?? []));
  }
  result.push(...index.unkeyed);
  return result;
}

export interface NamespaceSelection {
  policy: NormalizedPolicy;
  coverage: Coverage;
}

/** Every policy that selects all or some pods of the namespace, optionally only those taking part in a direction. */
export function policiesSelectingNamespace(
  index: SelectionIndex,
  ns: NamespaceInfo,
  direction?: Direction,
): NamespaceSelection[] {
  const nsLabels = namespaceIdentityLabels(ns);
  const result: NamespaceSelection[] = [];
  const seen = new Set<string>();
  for (const policy of candidates(index, ns)) {
    if (seen.has(policy.id) || policy.subject.type !== "endpoints") continue;
    seen.add(policy.id);
    if (direction && !appliesInDirection(policy, direction)) continue;
    const coverage = selectorCoverage(policy.subject.selector, ns, nsLabels);
    if (coverage) result.push({ policy, coverage });
  }
  return result;
}

/** The policies that select one pod, optionally only those taking part in a direction. */
export function policiesSelectingEndpoint(
  index: SelectionIndex,
  ns: NamespaceInfo,
  labels: IdentityLabels,
  direction?: Direction,
): NormalizedPolicy[] {
  return policiesSelectingNamespace(index, ns, direction)
    .map((s) => s.policy)
    .filter((p) => policySelectsEndpoint(p, labels));
}
