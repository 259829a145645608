// Conventions learnt from the policies themselves: which namespace label picks a profile and what
// each profile opens, which labels open a shared resource, which label is the escape hatch, whether
// the baselines need an opt-in label, and which namespaces are platform ones. Every item keeps the
// policy and rules it was read from. What the policies do not say comes from the fallback.

import type { DeclaredPlatformNamespace } from "./declared-platform";
import { addressSpace, sameCidr } from "@/lib/policy/cidr";
import { isWorldEntity } from "@/lib/policy/entities";
import {
  allowRules,
  type Direction,
  type NormalizedPolicy,
  type NormalizedRule,
  type Peer,
} from "@/lib/policy/model";
import { describePeer, describePorts } from "@/lib/policy/render-rule";
import {
  labelValue,
  NAMESPACE_LABELS_PREFIX,
  NAMESPACE_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  type NamespaceInfo,
  type Selector,
} from "@/lib/policy/selector";
import {
  DEFAULT_CONVENTIONS,
  type AccessLabelDefinition,
  type Conventions,
  type NamespaceLabel,
  type ProfileGrant,
} from "./conventions";
import { comparePermissiveness } from "./profile-permissiveness";
import type {
  Evidence,
  InferenceReport,
  InferredAccessLabel,
  InferredPlatformNamespace,
  InferredProfile,
  SetAsideLabel,
} from "./inference-report";

export interface InferenceInput {
  policies: readonly NormalizedPolicy[];
  namespaces: readonly NamespaceInfo[];
  /** Namespaces the GitOps source declares as platform ones (e.g. a ResourceSet input). */
  declaredPlatformNamespaces?: readonly DeclaredPlatformNamespace[];
  /** Where everything the policies do not say comes from; the built-in defaults when left out. */
  fallback?: Conventions;
}

export interface InferredConventions {
  conventions: Conventions;
  report: InferenceReport;
}

/** The value Cilium users give labels that switch something on. */
const ON_VALUE = "true";
const NAMESPACE_NAME_KEY = NAMESPACE_LABELS_PREFIX + NAMESPACE_NAME_LABEL;

/** The fields no policy says anything about: always the fallback's. */
const ALWAYS_DEFAULTED: (keyof Conventions)[] = [
  "dnsTarget",
  "scrapeSource",
  "gateway",
  "mesh",
  "healthProbeCidr",
  "escapeHatchRunbook",
  "enforcementAlerts",
  "cniAgent",
];

/** A namespace label a cluster-wide policy's subject selects on. */
interface LabelSubject {
  key: string;
  /** The selected values; null for Exists (every value). */
  values: string[] | null;
  policy: NormalizedPolicy;
}

function evidence(policy: NormalizedPolicy, rules: readonly NormalizedRule[] = []): Evidence {
  return { policyId: policy.id, policy: policy.ref, rules: rules.map((r) => r.id) };
}

function labelSubjects(policies: readonly NormalizedPolicy[]): LabelSubject[] {
  const subjects: LabelSubject[] = [];
  for (const policy of policies) {
    if (policy.ref.kind !== "CCNP" || policy.subject.type !== "endpoints") continue;
    for (const r of policy.subject.selector.requirements) {
      if (!r.key.startsWith(NAMESPACE_LABELS_PREFIX) || r.key === NAMESPACE_NAME_KEY) continue;
      const key = r.key.slice(NAMESPACE_LABELS_PREFIX.length);
      if (r.operator === "In") subjects.push({ key, values: r.values, policy });
      else if (r.operator === "Exists") subjects.push({ key, values: null, policy });
    }
  }
  return subjects;
}

function allowsEveryPeer(peer: Peer): boolean {
  if (peer.type === "any") return true;
  if (peer.type === "entity") return peer.entity === "all";
  // Not a CIDR (Cilium's CIDR rules never select the cluster's own endpoints) nor `{}` (every pod
  // of every namespace, but not the world or the host): those open much, not everything.
  return false;
}

function allowsEverything(rule: NormalizedRule): boolean {
  return (
    !rule.deny &&
    rule.toPorts.length === 0 &&
    rule.icmps.length === 0 &&
    rule.requires.length === 0 &&
    rule.peers.some(allowsEveryPeer)
  );
}

function rulesAllowingEverything(policy: NormalizedPolicy, direction: Direction): NormalizedRule[] {
  return allowRules(policy, direction).filter(allowsEverything);
}

function portNumbers(rule: NormalizedRule): number[] {
  const ports: number[] = [];
  for (const portRule of rule.toPorts) {
    for (const spec of portRule.ports) {
      if (spec.port !== null && !ports.includes(spec.port)) ports.push(spec.port);
    }
  }
  return ports;
}

/** The one value a selector requires for a key, if it requires exactly one. */
function single(selector: Selector, key: string): string | undefined {
  const r = selector.requirements.find((q) => q.key === key && q.operator === "In" && q.values.length === 1);
  return r?.values[0];
}

function namespaceOfPeer(selector: Selector): string | undefined {
  return single(selector, POD_NAMESPACE_LABEL) ?? single(selector, NAMESPACE_NAME_KEY);
}

/** Like the baselines: DNS egress, or health-probe ingress. */
function looksLikeBaseline(policy: NormalizedPolicy, fallback: Conventions): boolean {
  const dnsPorts = fallback.dnsTarget.ports;
  if (allowRules(policy, "egress").some((r) => portNumbers(r).some((p) => dnsPorts.includes(p)))) return true;
  return allowRules(policy, "ingress").some((r) =>
    r.peers.some(
      (p) =>
        (p.type === "entity" && p.entity === "health") ||
        (p.type === "cidr" && sameCidr(p.cidr, fallback.healthProbeCidr)),
    ),
  );
}

function pushUnique<T>(list: T[], items: readonly T[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

// ── escape hatch ────────────────────────────────────────────────────────────────────────────────

function inferEscapeHatch(
  subjects: readonly LabelSubject[],
  multiValueKeys: ReadonlySet<string>,
): InferenceReport["escapeHatch"] {
  for (const s of subjects) {
    if (s.values === null || s.values.length !== 1 || multiValueKeys.has(s.key)) continue;
    const ingress = rulesAllowingEverything(s.policy, "ingress");
    const egress = rulesAllowingEverything(s.policy, "egress");
    if (ingress.length === 0 || egress.length === 0) continue;
    return { key: s.key, value: s.values[0]!, evidence: [evidence(s.policy, [...ingress, ...egress])] };
  }
  return null;
}

// ── access labels ───────────────────────────────────────────────────────────────────────────────

interface AccessTarget {
  target: string;
  targetKind: "namespace" | "entity";
  resource: string;
  ports: number[];
  rules: NormalizedRule[];
}

function accessTargetOf(policy: NormalizedPolicy, fallback: Conventions): AccessTarget | null {
  let found: AccessTarget | null = null;
  for (const rule of allowRules(policy, "egress")) {
    const ports = portNumbers(rule);
    if (ports.length === 0) continue;
    for (const peer of rule.peers) {
      let target: Omit<AccessTarget, "ports" | "rules"> | null = null;
      if (peer.type === "entity" && peer.entity !== "all") {
        target = { target: peer.entity, targetKind: "entity", resource: peer.entity };
      } else if (peer.type === "endpoints") {
        const namespace = namespaceOfPeer(peer.selector);
        if (namespace !== undefined)
          target = {
            target: namespace,
            targetKind: "namespace",
            resource: describePeer(peer, { allowedCidrs: [fallback.healthProbeCidr] }),
          };
      }
      if (!target) continue;
      if (!found) found = { ...target, ports: [], rules: [] };
      if (found.target !== target.target) continue;
      pushUnique(found.ports, ports);
      if (!found.rules.includes(rule)) found.rules.push(rule);
    }
  }
  return found;
}

/** The rule on the resource's side that lets namespaces with the label in. */
function targetIngressFor(key: string, policies: readonly NormalizedPolicy[]): Evidence | null {
  const labelKey = NAMESPACE_LABELS_PREFIX + key;
  for (const policy of policies) {
    for (const rule of allowRules(policy, "ingress")) {
      const admits = rule.peers.some(
        (p) =>
          p.type === "endpoints" &&
          p.selector.requirements.some(
            (r) =>
              r.key === labelKey &&
              (r.operator === "Exists" || (r.operator === "In" && r.values.includes(ON_VALUE))),
          ),
      );
      if (admits) return evidence(policy, [rule]);
    }
  }
  return null;
}

/** The longest common prefix of the keys, cut after its last "/" (or ".", "-") so names stay whole. */
export function commonKeyPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return "";
  let prefix = keys[0]!;
  for (const key of keys.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < key.length && prefix[i] === key[i]) i += 1;
    prefix = prefix.slice(0, i);
  }
  if (keys.length === 1 || keys.includes(prefix)) {
    const slash = prefix.lastIndexOf("/");
    return slash >= 0 ? prefix.slice(0, slash + 1) : "";
  }
  for (const separator of ["/", ".", "-"]) {
    const at = prefix.lastIndexOf(separator);
    if (at >= 0) return prefix.slice(0, at + 1);
  }
  return prefix;
}

// ── profiles ────────────────────────────────────────────────────────────────────────────────────

/** Long port lists (a gateway reaching every app port) are cut to their first few. */
const PORTS_SHOWN = 4;

function portsText(rule: NormalizedRule): string {
  const ports = describePorts(rule).split(", ");
  if (ports.length <= PORTS_SHOWN + 1) return ports.join(", ");
  return `${ports.slice(0, PORTS_SHOWN).join(", ")} and ${ports.length - PORTS_SHOWN} more ports`;
}

function describeRules(rules: readonly NormalizedRule[], fallback: Conventions): string {
  const options = { allowedCidrs: [fallback.healthProbeCidr] };
  const texts: string[] = [];
  for (const rule of rules) {
    const peers = rule.peers.map((p) => describePeer(p, options)).join(" and ");
    const text = `${peers} on ${portsText(rule)}`;
    if (!texts.includes(text)) texts.push(text);
  }
  return texts.length > 0 ? texts.join("; and ") : "none beyond the baselines";
}

function grantOf(
  name: string,
  ingress: readonly NormalizedRule[],
  egress: readonly NormalizedRule[],
  fallback: Conventions,
): ProfileGrant {
  const { namespace, nameLabel } = fallback.gateway;
  const gatewayIngress: string[] = [];
  for (const rule of ingress) {
    for (const peer of rule.peers) {
      if (peer.type !== "endpoints" || namespaceOfPeer(peer.selector) !== namespace) continue;
      const r = peer.selector.requirements.find((q) => q.key === nameLabel && q.operator === "In");
      if (r) pushUnique(gatewayIngress, r.values);
    }
  }
  const worldEgressPorts: number[] = [];
  for (const rule of egress) {
    const toWorld = rule.peers.some(
      (p) =>
        (p.type === "entity" && (isWorldEntity(p.entity) || p.entity === "all")) ||
        (p.type === "cidr" && addressSpace(p.cidr) === "any"),
    );
    if (toWorld) pushUnique(worldEgressPorts, portNumbers(rule));
  }
  return { profile: name, gatewayIngress, worldEgressPorts };
}

function inferProfiles(
  key: string,
  subjects: readonly LabelSubject[],
  fallback: Conventions,
): InferredProfile[] {
  const ofKey = subjects.filter((s) => s.key === key);
  const names: string[] = [];
  for (const s of ofKey)
    pushUnique(
      names,
      (s.values ?? []).filter((v) => v !== ON_VALUE),
    );
  const profiles = names.map((name): InferredProfile => {
    const policies = ofKey.filter((s) => s.values === null || s.values.includes(name)).map((s) => s.policy);
    const ingress = policies.flatMap((p) => allowRules(p, "ingress"));
    const egress = policies.flatMap((p) => allowRules(p, "egress"));
    return {
      name,
      ingress: describeRules(ingress, fallback),
      egress: describeRules(egress, fallback),
      grant: grantOf(name, ingress, egress, fallback),
      evidence: policies.map((p) => evidence(p, [...allowRules(p, "ingress"), ...allowRules(p, "egress")])),
    };
  });
  // Least permissive first, by what each opens: the order the fixes and the legend offer them in.
  return profiles.sort((a, b) => comparePermissiveness(a.grant, b.grant));
}

// ── platform namespaces ─────────────────────────────────────────────────────────────────────────

/** A CNP of the namespace selecting all its pods (`endpointSelector: {}`). */
function namespaceWideCnps(policies: readonly NormalizedPolicy[]): Map<string, NormalizedPolicy> {
  const result = new Map<string, NormalizedPolicy>();
  for (const policy of policies) {
    if (policy.ref.kind !== "CNP" || policy.ref.namespace === undefined) continue;
    if (policy.subject.type !== "endpoints") continue;
    if (!policy.subject.selector.requirements.every((r) => r.key === POD_NAMESPACE_LABEL)) continue;
    if (!result.has(policy.ref.namespace)) result.set(policy.ref.namespace, policy);
  }
  return result;
}

function inferPlatformNamespaces(
  input: InferenceInput,
  profileKey: string | null,
  fallback: Conventions,
): InferredPlatformNamespace[] {
  const declared = new Map((input.declaredPlatformNamespaces ?? []).map((d) => [d.name, d.source]));
  const ownCnps = namespaceWideCnps(input.policies);
  const result: InferredPlatformNamespace[] = [];
  for (const ns of [...input.namespaces].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const profiled = profileKey !== null && labelValue(ns.labels, profileKey) !== undefined;
    const cnp = ownCnps.get(ns.name);
    const declaredBy = declared.get(ns.name);
    if (declaredBy !== undefined)
      result.push({ name: ns.name, reason: "declared", evidence: null, declaredBy });
    else if (!profiled && cnp) result.push({ name: ns.name, reason: "own-cnp", evidence: evidence(cnp) });
    else if (!profiled && !cnp && fallback.platformNamespaces.includes(ns.name))
      result.push({ name: ns.name, reason: "fallback-list", evidence: null });
  }
  return result;
}

// ── everything ──────────────────────────────────────────────────────────────────────────────────

/** The repository's conventions, read from its policies and namespaces. */
export function inferConventions(input: InferenceInput): InferredConventions {
  const fallback = input.fallback ?? DEFAULT_CONVENTIONS;
  const { policies } = input;
  const subjects = labelSubjects(policies);
  const setAside: SetAsideLabel[] = [];

  // Keys whose policies select several values (other than "true"): profile candidates.
  const valuesByKey = new Map<string, string[]>();
  for (const s of subjects) {
    const values = valuesByKey.get(s.key) ?? [];
    pushUnique(
      values,
      (s.values ?? []).filter((v) => v !== ON_VALUE),
    );
    valuesByKey.set(s.key, values);
  }
  const multiValue = [...valuesByKey.entries()]
    .filter(([, values]) => values.length >= 2)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const profileKey = multiValue[0]?.[0] ?? null;
  const evidenceOfKey = (key: string) => subjects.filter((s) => s.key === key).map((s) => evidence(s.policy));
  for (const [key, values] of multiValue.slice(1)) {
    setAside.push({
      key,
      values,
      reason: `selects several values too, but fewer than ${profileKey}`,
      evidence: evidenceOfKey(key),
    });
  }

  const escapeHatch = inferEscapeHatch(subjects, new Set(multiValue.map(([key]) => key)));

  // "true" keys: the baselines' opt-in label, or access labels.
  const onKeys: string[] = [];
  for (const s of subjects) {
    if (s.key === profileKey || s.key === escapeHatch?.key) continue;
    if (s.values?.includes(ON_VALUE)) pushUnique(onKeys, [s.key]);
  }
  const onPolicies = (key: string) =>
    subjects.filter((s) => s.key === key && s.values?.includes(ON_VALUE)).map((s) => s.policy);
  const optInKey = onKeys.find((key) => onPolicies(key).some((p) => looksLikeBaseline(p, fallback))) ?? null;
  const optIn: NamespaceLabel | null = optInKey === null ? null : { key: optInKey, value: ON_VALUE };

  const found: { key: string; target: AccessTarget; policy: NormalizedPolicy }[] = [];
  for (const key of onKeys) {
    if (key === optInKey) continue;
    const policy = onPolicies(key).find((p) => accessTargetOf(p, fallback) !== null);
    const target = policy ? accessTargetOf(policy, fallback) : null;
    if (policy && target) found.push({ key, target, policy });
    else
      setAside.push({
        key,
        values: [ON_VALUE],
        reason: "opens no particular namespace, pods or entity on a port",
        evidence: evidenceOfKey(key),
      });
  }
  const accessLabelPrefix = found.length > 0 ? commonKeyPrefix(found.map((f) => f.key)) : null;
  const accessLabels: InferredAccessLabel[] = found.map(({ key, target, policy }) => ({
    key,
    name: key.slice(accessLabelPrefix!.length),
    target: target.target,
    targetKind: target.targetKind,
    resource: target.resource,
    ports: target.ports,
    evidence: [evidence(policy, target.rules)],
    targetIngress: targetIngressFor(key, policies),
  }));

  for (const [key, values] of valuesByKey) {
    if (values.length !== 1 || key === escapeHatch?.key) continue;
    setAside.push({
      key,
      values,
      reason: "one value only, and it does not open everything",
      evidence: evidenceOfKey(key),
    });
  }

  const profiles = profileKey === null ? [] : inferProfiles(profileKey, subjects, fallback);

  const baselinePolicies = policies.filter((p) => {
    if (p.ref.kind !== "CCNP" || p.subject.type !== "endpoints") return false;
    const positive = p.subject.selector.requirements.filter(
      (r) => r.operator === "In" || r.operator === "Exists",
    );
    return positive.every(
      (r) =>
        optInKey !== null &&
        r.key === NAMESPACE_LABELS_PREFIX + optInKey &&
        r.operator === "In" &&
        r.values.includes(ON_VALUE),
    );
  });

  const platformNamespaces = inferPlatformNamespaces(input, profileKey, fallback);

  const conventions: Conventions = {
    ...fallback,
    profileLabel: profileKey ?? "",
    profiles: profiles.map((p) => ({ name: p.name, ingress: p.ingress, egress: p.egress, use: "" })),
    profileGrants: profiles.map((p) => p.grant),
    accessLabelPrefix: accessLabelPrefix ?? "",
    accessLabelValue: ON_VALUE,
    accessLabels: accessLabels.map((a): AccessLabelDefinition => ({
      name: a.name,
      resource: a.resource,
      target: a.target,
      ports: a.ports,
    })),
    enforcementLabel: escapeHatch?.key ?? "",
    enforcementDisabledValue: escapeHatch?.value ?? "",
    baselineOptIn: optIn,
    platformNamespaces: platformNamespaces.map((p) => p.name),
  };

  return {
    conventions,
    report: {
      profileLabel: profileKey === null ? null : { key: profileKey, evidence: evidenceOfKey(profileKey) },
      profiles,
      accessLabelPrefix,
      accessLabels,
      escapeHatch,
      baselines: { optIn, policies: baselinePolicies.map((p) => evidence(p)) },
      platformNamespaces,
      setAside,
      defaulted: [...ALWAYS_DEFAULTED],
      overridden: [],
    },
  };
}

/** The conventions file's fields replace the inferred ones; the report says which. */
export function withOverrides(
  inferred: InferredConventions,
  overrides: Partial<Conventions>,
): InferredConventions {
  const overridden = (Object.keys(overrides) as (keyof Conventions)[]).filter(
    (k) => overrides[k] !== undefined,
  );
  if (overridden.length === 0) return inferred;
  return {
    conventions: { ...inferred.conventions, ...overrides },
    report: {
      ...inferred.report,
      defaulted: inferred.report.defaulted.filter((k) => !overridden.includes(k)),
      overridden,
    },
  };
}
