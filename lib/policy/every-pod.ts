// Which rule peers admit every pod of every namespace, whatever its labels: an empty endpoint
// selector in a cluster-wide policy (scoped to `io.kubernetes.pod.namespace` Exists), a selector
// whose requirements every pod meets (`reserved.none` DoesNotExist, `reserved:all`), the entities
// `cluster` and `all`, or a rule with ports and no peer at all.

import type { NormalizedRule, Peer } from "./model";
import {
  keyScope,
  POD_NAMESPACE_LABEL,
  RESERVED_PREFIX,
  requirementMatches,
  type Selector,
  type SelectorRequirement,
} from "./selector";

/** Entities that contain every pod of the cluster. */
const EVERY_POD_ENTITIES: readonly string[] = ["all", "cluster"];

function holdsForEveryPod(requirement: SelectorRequirement): boolean {
  const { operator } = requirement;
  switch (keyScope(requirement.key)) {
    case "namespace-name":
      return operator === "Exists" || (operator === "NotIn" && requirement.values.length === 0);
    case "cluster":
      return requirementMatches(requirement, { [POD_NAMESPACE_LABEL]: "any" });
    case "other-source":
      // Pods carry no reserved, container or CIDR labels.
      return operator === "DoesNotExist" || operator === "NotIn";
    case "namespace-label":
    case "pod":
      return operator === "NotIn" && requirement.values.length === 0;
  }
}

/** Does the selector match every pod of every namespace, whatever their labels? */
export function selectorMatchesEveryPod(selector: Selector): boolean {
  if (selector.requirements.some((r) => r.key === `${RESERVED_PREFIX}all` && r.operator === "In"))
    return true;
  return selector.requirements.every(holdsForEveryPod);
}

export function peerAdmitsEveryPod(peer: Peer): boolean {
  switch (peer.type) {
    case "any":
      return true;
    case "endpoints":
      return selectorMatchesEveryPod(peer.selector);
    case "entity":
      return EVERY_POD_ENTITIES.includes(peer.entity);
    default:
      return false;
  }
}

/** An allow rule through which every pod of every namespace passes (on the rule's ports). */
export function ruleAdmitsEveryPod(rule: NormalizedRule): boolean {
  return !rule.deny && rule.peers.some(peerAdmitsEveryPod) && rule.requires.every(selectorMatchesEveryPod);
}
