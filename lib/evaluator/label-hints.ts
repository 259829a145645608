// "CCNP access-postgres would, if namespace app carried access.network-policy.homelab/postgres=true":
// for a direction nothing allows, the policies that would allow it if a namespace's labels were
// different. A policy qualifies when its subject (and the rule's peer) fail only on namespace-label
// requirements (io.cilium.k8s.namespace.labels.*), which a namespace label change can satisfy.

import {
  allowRules,
  type Direction,
  type NormalizedPolicy,
  type NormalizedRule,
  type PolicyRef,
} from "@/lib/policy/model";
import { profilePreference } from "@/lib/conventions/profile-permissiveness";
import { appliesInDirection } from "@/lib/policy/selection";
import {
  keyScope,
  NAMESPACE_LABELS_PREFIX,
  NAMESPACE_NAME_LABEL,
  requirementMatches,
  selectorMatches,
  type IdentityLabels,
  type Selector,
} from "@/lib/policy/selector";
import type { AnyEndpoint, PodEndpoint } from "./connection-query";
import type { Traffic } from "./direction-verdict";
import {
  namespaceIn,
  roleIn,
  withNamespaceLabels,
  type EvaluationContext,
  type NamespaceLabelChange,
} from "./evaluation-context";
import { podIdentity, remotesOf, ruleAdmitsTraffic, ruleMatchesAny } from "./rule-traffic";

export interface LabelHint {
  policyId: string;
  ref: PolicyRef;
  rule: string;
  /** One change per namespace whose labels would have to differ (the subject's, and the peer's). */
  changes: NamespaceLabelChange[];
}

interface LabelNeeds {
  set: Record<string, string>;
  remove: string[];
}

const NOTHING: LabelNeeds = { set: {}, remove: [] };

function size(needs: LabelNeeds): number {
  return Object.keys(needs.set).length + needs.remove.length;
}

interface Vocabulary {
  /** Access labels' prefix and value: the one value Sieve can give an Exists requirement. */
  accessPrefix: string;
  accessValue: string;
  profileLabel: string;
  /** The subject's profiles in the order they are offered (the least-permissive-profile rule). */
  profileOrder: readonly string[];
}

/** The value to propose for an In requirement: the access value, the least permissive profile, else the first. */
function preferredValue(key: string, values: readonly string[], vocabulary: Vocabulary): string | undefined {
  if (values.includes(vocabulary.accessValue)) return vocabulary.accessValue;
  if (key === vocabulary.profileLabel) {
    const ranked = vocabulary.profileOrder.find((profile) => values.includes(profile));
    if (ranked !== undefined) return ranked;
  }
  return values[0];
}

/**
 * The namespace labels the selector still needs to match the identity; null when pod labels fail,
 * or when a requirement names no value to propose (Exists on anything but an access label).
 */
function namespaceNeeds(
  selector: Selector,
  labels: IdentityLabels,
  vocabulary: Vocabulary,
): LabelNeeds | null {
  if (selectorMatches(selector, labels)) return NOTHING;
  const needs: LabelNeeds = { set: {}, remove: [] };
  for (const requirement of selector.requirements) {
    if (requirementMatches(requirement, labels)) continue;
    if (keyScope(requirement.key) !== "namespace-label") return null;
    const key = requirement.key.slice(NAMESPACE_LABELS_PREFIX.length);
    if (key === NAMESPACE_NAME_LABEL) return null;
    switch (requirement.operator) {
      case "In": {
        const value = preferredValue(key, requirement.values, vocabulary);
        if (value === undefined) return null;
        needs.set[key] = value;
        break;
      }
      case "Exists":
        if (!key.startsWith(vocabulary.accessPrefix)) return null;
        needs.set[key] = vocabulary.accessValue;
        break;
      case "NotIn":
      case "DoesNotExist":
        needs.remove.push(key);
        break;
    }
  }
  return needs;
}

function merge(a: LabelNeeds, b: LabelNeeds): LabelNeeds | null {
  const set = { ...a.set };
  for (const [key, value] of Object.entries(b.set)) {
    if (Object.hasOwn(set, key) && set[key] !== value) return null;
    set[key] = value;
  }
  const remove = [...new Set([...a.remove, ...b.remove])];
  if (remove.some((key) => Object.hasOwn(set, key))) return null;
  return { set, remove };
}

/** The smallest namespace-label change that lets the rule match a pod peer. */
function peerNeeds(
  rule: NormalizedRule,
  peerLabels: IdentityLabels,
  vocabulary: Vocabulary,
): LabelNeeds | null {
  if (!rule.requires.every((selector) => selectorMatches(selector, peerLabels))) return null;
  let best: LabelNeeds | null = null;
  for (const peer of rule.peers) {
    let needs: LabelNeeds | null = null;
    if (peer.type === "endpoints") needs = namespaceNeeds(peer.selector, peerLabels, vocabulary);
    else if (
      peer.type === "any" ||
      (peer.type === "entity" && (peer.entity === "all" || peer.entity === "cluster"))
    )
      needs = NOTHING;
    if (needs && (!best || size(needs) < size(best))) best = needs;
  }
  return best;
}

function candidatePolicies(context: EvaluationContext, namespace: string): NormalizedPolicy[] {
  return [...(context.policiesByNamespace.get(namespace) ?? []), ...context.clusterPolicies];
}

/** Whether the hint, applied, really makes the rule allow the traffic (guards against conflicts). */
function confirmed(
  hint: LabelHint,
  subject: PodEndpoint,
  peer: AnyEndpoint,
  policy: NormalizedPolicy,
  rule: NormalizedRule,
  context: EvaluationContext,
): boolean {
  let changed = context;
  for (const change of hint.changes) changed = withNamespaceLabels(changed, change);
  if (policy.subject.type !== "endpoints") return false;
  if (!selectorMatches(policy.subject.selector, podIdentity(subject, changed))) return false;
  return ruleMatchesAny(rule, remotesOf(peer, changed));
}

/** Profile hints in the order profiles are offered to the subject, after the other hints. */
function profileRank(hint: LabelHint, vocabulary: Vocabulary): number {
  const value = hint.changes.map((c) => c.set[vocabulary.profileLabel]).find((v) => v !== undefined);
  if (value === undefined) return -1;
  const index = vocabulary.profileOrder.indexOf(value);
  return index === -1 ? vocabulary.profileOrder.length : index;
}

/**
 * Policies that would allow the traffic in `direction` if a namespace carried (or did not carry)
 * some labels, smallest change first. The escape hatch is never a hint, nor a profile for a
 * platform namespace (the subject's or the peer's).
 */
export function namespaceLabelHints(
  subject: PodEndpoint,
  peer: AnyEndpoint,
  direction: Direction,
  traffic: Traffic,
  context: EvaluationContext,
): LabelHint[] {
  const { conventions } = context;
  const currentProfile = namespaceIn(context, subject.namespace).labels[conventions.profileLabel];
  const vocabulary: Vocabulary = {
    accessPrefix: conventions.accessLabelPrefix,
    accessValue: conventions.accessLabelValue,
    profileLabel: conventions.profileLabel,
    profileOrder: profilePreference(conventions, currentProfile ?? null).map((g) => g.profile),
  };
  const isPlatform = (namespace: string) => conventions.platformNamespaces.includes(namespace);
  const subjectLabels = podIdentity(subject, context);
  const peerLabels = peer.kind === "pod" ? podIdentity(peer, context) : null;
  const peerRemotes = remotesOf(peer, context);
  const hints: { hint: LabelHint; size: number; rank: number }[] = [];

  for (const policy of candidatePolicies(context, subject.namespace)) {
    if (policy.subject.type !== "endpoints" || !appliesInDirection(policy, direction)) continue;
    const role = roleIn(context, policy).role;
    if (role === "escape-hatch") continue;
    const subjectNeeds = namespaceNeeds(policy.subject.selector, subjectLabels, vocabulary);
    if (!subjectNeeds) continue;
    for (const rule of allowRules(policy, direction)) {
      if (rule.peers.length === 0 || !ruleAdmitsTraffic(rule, traffic.port, traffic.protocol)) continue;
      const needs = peerLabels
        ? peerNeeds(rule, peerLabels, vocabulary)
        : ruleMatchesAny(rule, peerRemotes)
          ? NOTHING
          : null;
      if (!needs) continue;
      const changes: NamespaceLabelChange[] = [];
      const samePlace = peer.kind === "pod" && peer.namespace === subject.namespace;
      const own = samePlace ? merge(subjectNeeds, needs) : subjectNeeds;
      if (!own) continue;
      if (size(own) > 0) changes.push({ namespace: subject.namespace, ...own });
      if (!samePlace && peer.kind === "pod" && size(needs) > 0)
        changes.push({ namespace: peer.namespace, ...needs });
      const total = changes.reduce((n, c) => n + Object.keys(c.set).length + c.remove.length, 0);
      if (total === 0) continue;
      if (changes.some((c) => isPlatform(c.namespace) && Object.hasOwn(c.set, conventions.profileLabel)))
        continue;
      const hint: LabelHint = { policyId: policy.id, ref: policy.ref, rule: rule.id, changes };
      if (!confirmed(hint, subject, peer, policy, rule, context)) continue;
      hints.push({ hint, size: total, rank: profileRank(hint, vocabulary) });
      break;
    }
  }
  return hints.sort((a, b) => a.size - b.size || a.rank - b.rank).map((h) => h.hint);
}
