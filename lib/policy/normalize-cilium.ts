// CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy → NormalizedPolicy, with Cilium's own
// namespace scoping of endpoint selectors (see model.ts).

import type { Direction, NormalizedPolicy, NormalizedRule, Peer, PolicyRef, PolicySubject } from "./model";
import { isCiliumEntity } from "./entities";
import { parsePrefix } from "./cidr";
import { emptyPolicy } from "./empty-policy";
import { isRecord, listField, stringField } from "./json-read";
import { readCiliumToPorts, readIcmps } from "./normalize-ports";
import {
  hasKey,
  hasKeyPrefix,
  NAMESPACE_LABELS_PREFIX,
  parseLabelSelector,
  POD_NAMESPACE_LABEL,
  RESERVED_PREFIX,
  requirementMatches,
  withRequirement,
  type Selector,
} from "./selector";

interface Scope {
  /** The CNP's namespace; null for a CCNP. */
  namespace: string | null;
  /** The subject selects initializing pods (`reserved:init`), which have no namespace label yet. */
  subjectMatchesInit: boolean;
}

/** Cilium's getEndpointSelector: limit a peer selector to the policy's namespace or to pods. */
export function scopePeerSelector(selector: Selector, scope: Scope, reservedBypass = true): Selector {
  if (reservedBypass && hasKeyPrefix(selector, RESERVED_PREFIX)) return selector;
  if (hasKey(selector, POD_NAMESPACE_LABEL)) return selector;
  if (scope.namespace === null) {
    if (scope.subjectMatchesInit) return selector;
    return withRequirement(selector, { key: POD_NAMESPACE_LABEL, operator: "Exists", values: [] });
  }
  if (hasKeyPrefix(selector, NAMESPACE_LABELS_PREFIX)) return selector;
  return withRequirement(selector, { key: POD_NAMESPACE_LABEL, operator: "In", values: [scope.namespace] });
}

function readSelectors(
  raw: unknown,
  where: string,
  problems: string[],
  scope: Scope,
  reservedBypass: boolean,
): { selectors: Selector[]; malformed: boolean } {
  const list = listField(raw, where, problems);
  if (list === null) return { selectors: [], malformed: true };
  const selectors: Selector[] = [];
  let malformed = false;
  for (const [i, entry] of list.entries()) {
    const parsed = parseLabelSelector(entry, `${where}[${i}]`);
    problems.push(...parsed.problems);
    if (parsed.selector) selectors.push(scopePeerSelector(parsed.selector, scope, reservedBypass));
    else malformed = true;
  }
  return { selectors, malformed };
}

/** The `${VAR}` and `${VAR:=default}` references a GitOps tool was to substitute. */
export function unresolvedVariables(value: unknown): string[] {
  return typeof value === "string" ? (value.match(/\$\{[^}]*\}/g) ?? []) : [];
}

function readCidrPeers(
  rawCidrs: unknown,
  rawSets: unknown,
  prefix: string,
  problems: string[],
  unresolved: string[],
) {
  const peers: Peer[] = [];
  let malformed = false;
  const cidrs = listField(rawCidrs, `${prefix}CIDR`, problems);
  if (cidrs === null) malformed = true;
  for (const [i, cidr] of (cidrs ?? []).entries()) {
    const variables = unresolvedVariables(cidr);
    if (variables.length > 0) unresolved.push(...variables);
    else if (typeof cidr === "string" && parsePrefix(cidr))
      peers.push({ type: "cidr", cidr: cidr.trim(), except: [] });
    else {
      problems.push(`${prefix}CIDR[${i}]: ${JSON.stringify(cidr)} is not a CIDR`);
      malformed = true;
    }
  }
  const sets = listField(rawSets, `${prefix}CIDRSet`, problems);
  if (sets === null) malformed = true;
  for (const [i, set] of (sets ?? []).entries()) {
    const at = `${prefix}CIDRSet[${i}]`;
    const cidr = isRecord(set) ? stringField(set.cidr) : undefined;
    const group = isRecord(set) ? stringField(set.cidrGroupRef) : undefined;
    const variables = unresolvedVariables(cidr);
    if (variables.length > 0) {
      unresolved.push(...variables);
    } else if (cidr && parsePrefix(cidr)) {
      const rawExcept = listField(isRecord(set) ? set.except : undefined, `${at}.except`, problems) ?? [];
      const except = rawExcept.filter((e): e is string => typeof e === "string" && parsePrefix(e) !== null);
      if (except.length < rawExcept.length) problems.push(`${at}.except: malformed entries ignored`);
      peers.push({ type: "cidr", cidr: cidr.trim(), except: except.map((e) => e.trim()) });
    } else if (group) {
      peers.push({ type: "cidrGroup", name: group });
    } else {
      problems.push(`${at}: needs a valid cidr or cidrGroupRef`);
      malformed = true;
    }
  }
  return { peers, malformed };
}

function readEntities(raw: unknown, where: string, problems: string[]) {
  const list = listField(raw, where, problems);
  const peers: Peer[] = [];
  let malformed = list === null;
  for (const [i, entity] of (list ?? []).entries()) {
    if (typeof entity === "string" && isCiliumEntity(entity)) peers.push({ type: "entity", entity });
    else {
      problems.push(`${where}[${i}]: ${JSON.stringify(entity)} is not a Cilium entity`);
      malformed = true;
    }
  }
  return { peers, malformed };
}

function readFqdns(raw: unknown, where: string, problems: string[]) {
  const list = listField(raw, where, problems);
  const peers: Peer[] = [];
  let malformed = list === null;
  for (const [i, entry] of (list ?? []).entries()) {
    const matchName = isRecord(entry) ? stringField(entry.matchName) : undefined;
    const matchPattern = isRecord(entry) ? stringField(entry.matchPattern) : undefined;
    if (!matchName && !matchPattern) {
      problems.push(`${where}[${i}]: needs matchName or matchPattern`);
      malformed = true;
      continue;
    }
    const peer: Peer = { type: "fqdn" };
    if (matchName) peer.matchName = matchName;
    if (matchPattern) peer.matchPattern = matchPattern;
    peers.push(peer);
  }
  return { peers, malformed };
}

function readServices(raw: unknown, where: string, problems: string[], scope: Scope) {
  const list = listField(raw, where, problems);
  const peers: Peer[] = [];
  let malformed = list === null;
  for (const [i, entry] of (list ?? []).entries()) {
    const byName = isRecord(entry) && isRecord(entry.k8sService) ? entry.k8sService : null;
    const bySelector =
      isRecord(entry) && isRecord(entry.k8sServiceSelector) ? entry.k8sServiceSelector : null;
    if (byName) {
      const peer: Peer = { type: "service" };
      const serviceName = stringField(byName.serviceName);
      const namespace = stringField(byName.namespace) ?? scope.namespace ?? undefined;
      if (serviceName) peer.serviceName = serviceName;
      if (namespace) peer.namespace = namespace;
      peers.push(peer);
    } else if (bySelector) {
      const parsed = parseLabelSelector(bySelector.selector, `${where}[${i}].k8sServiceSelector.selector`);
      problems.push(...parsed.problems);
      if (!parsed.selector) {
        malformed = true;
        continue;
      }
      const peer: Peer = { type: "service", selector: parsed.selector };
      const namespace = stringField(bySelector.namespace) ?? scope.namespace ?? undefined;
      if (namespace) peer.namespace = namespace;
      peers.push(peer);
    } else {
      problems.push(`${where}[${i}]: needs k8sService or k8sServiceSelector`);
      malformed = true;
    }
  }
  return { peers, malformed };
}

function readNodes(raw: unknown, where: string, problems: string[]) {
  const list = listField(raw, where, problems);
  const peers: Peer[] = [];
  let malformed = list === null;
  for (const [i, entry] of (list ?? []).entries()) {
    const parsed = parseLabelSelector(entry, `${where}[${i}]`);
    problems.push(...parsed.problems);
    if (parsed.selector) peers.push({ type: "nodes", selector: parsed.selector });
    else malformed = true;
  }
  return { peers, malformed };
}

const L3_FIELDS: Record<Direction, string[]> = {
  ingress: ["fromEndpoints", "fromCIDR", "fromCIDRSet", "fromEntities", "fromNodes", "fromGroups"],
  egress: [
    "toEndpoints",
    "toCIDR",
    "toCIDRSet",
    "toEntities",
    "toFQDNs",
    "toServices",
    "toNodes",
    "toGroups",
  ],
};

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

function normalizeRule(
  raw: unknown,
  id: string,
  direction: Direction,
  deny: boolean,
  scope: Scope,
  problems: string[],
): NormalizedRule {
  const rule: NormalizedRule = { id, direction, deny, peers: [], requires: [], toPorts: [], icmps: [] };
  if (!isRecord(raw)) {
    problems.push(`${id}: not an object`);
    return rule;
  }
  const dir = direction === "ingress" ? "from" : "to";
  const at = (field: string) => `${id}.${field}`;
  const peers: Peer[] = [];
  // Malformed peers are left out, which narrows the rule: that is failing closed already.
  const take = (part: { peers: Peer[] }) => peers.push(...part.peers);
  // Most fields are absent; checking first keeps normalization cheap for thousands of policies.
  const field = (name: string) => (raw[name] === undefined || raw[name] === null ? undefined : raw[name]);

  const endpoints = field(`${dir}Endpoints`);
  if (endpoints !== undefined) {
    const read = readSelectors(endpoints, at(`${dir}Endpoints`), problems, scope, true);
    take({ peers: read.selectors.map((selector) => ({ type: "endpoints", selector })) });
  }
  const unresolved: string[] = [];
  if (field(`${dir}CIDR`) !== undefined || field(`${dir}CIDRSet`) !== undefined) {
    take(readCidrPeers(raw[`${dir}CIDR`], raw[`${dir}CIDRSet`], at(dir), problems, unresolved));
  }
  if (unresolved.length > 0) rule.unresolved = [...new Set(unresolved)];
  const entities = field(`${dir}Entities`);
  if (entities !== undefined) take(readEntities(entities, at(`${dir}Entities`), problems));
  const nodes = field(`${dir}Nodes`);
  if (nodes !== undefined) take(readNodes(nodes, at(`${dir}Nodes`), problems));
  const groupsField = field(`${dir}Groups`);
  if (groupsField !== undefined) {
    const groups = listField(groupsField, at(`${dir}Groups`), problems);
    take({ peers: (groups ?? []).map((g) => ({ type: "group", detail: JSON.stringify(g) })) });
  }
  if (direction === "egress") {
    const fqdns = field("toFQDNs");
    if (fqdns !== undefined && deny) problems.push(`${at("toFQDNs")}: not allowed in a deny rule, ignored`);
    else if (fqdns !== undefined) take(readFqdns(fqdns, at("toFQDNs"), problems));
    const services = field("toServices");
    if (services !== undefined) take(readServices(services, at("toServices"), problems, scope));
  }
  const requiresField = field(`${dir}Requires`);
  const requires =
    requiresField === undefined
      ? { selectors: [], malformed: false }
      : readSelectors(requiresField, at(`${dir}Requires`), problems, scope, false);
  rule.requires = requires.selectors;

  const toPorts = field("toPorts");
  const ports =
    toPorts === undefined
      ? { rules: [], malformed: false }
      : readCiliumToPorts(toPorts, at("toPorts"), problems, !deny);
  rule.toPorts = ports.rules;
  const icmps = field("icmps");
  const rawIcmps = icmps === undefined ? [] : (listField(icmps, at("icmps"), problems) ?? []);
  rule.icmps = readIcmps(rawIcmps, at("icmps"), problems);
  const malformedL4 = ports.malformed || (rawIcmps.length > 0 && rule.icmps.length === 0);

  const hasL3 = L3_FIELDS[direction].some((field) => present(raw[field]));
  const hasL4 = rule.toPorts.length > 0 || rule.icmps.length > 0;
  // Fail closed: dropping a malformed port list or requirement must not widen the rule.
  if ((malformedL4 && !hasL4) || requires.malformed) return rule;
  // A rule with ports but no L3 peer applies to every peer; a rule with neither matches nothing.
  rule.peers = hasL3 ? peers : hasL4 ? [{ type: "any" }] : [];
  return rule;
}

function readRules(
  raw: unknown,
  where: string,
  direction: Direction,
  deny: boolean,
  scope: Scope,
  problems: string[],
): NormalizedRule[] {
  const list = listField(raw, where, problems);
  return (list ?? []).map((entry, i) =>
    normalizeRule(entry, `${where}[${i}]`, direction, deny, scope, problems),
  );
}

function readSubject(
  raw: Record<string, unknown>,
  section: string,
  namespace: string | null,
  problems: string[],
): PolicySubject {
  if (raw.endpointSelector !== undefined && raw.endpointSelector !== null) {
    const parsed = parseLabelSelector(raw.endpointSelector, `${section}.endpointSelector`);
    problems.push(...parsed.problems);
    if (!parsed.selector) return { type: "none" };
    if (namespace === null) return { type: "endpoints", selector: parsed.selector };
    // A CNP always applies in its own namespace; Cilium drops a conflicting namespace match.
    const own = { [POD_NAMESPACE_LABEL]: namespace };
    const kept = parsed.selector.requirements.filter(
      (r) => r.key !== POD_NAMESPACE_LABEL || requirementMatches(r, own),
    );
    if (kept.length < parsed.selector.requirements.length) {
      problems.push(`${section}.endpointSelector: namespace match other than ${namespace} ignored`);
    }
    return {
      type: "endpoints",
      selector: {
        requirements: [
          ...kept.filter((r) => r.key !== POD_NAMESPACE_LABEL),
          { key: POD_NAMESPACE_LABEL, operator: "In", values: [namespace] },
        ],
      },
    };
  }
  if (raw.nodeSelector !== undefined && raw.nodeSelector !== null) {
    const parsed = parseLabelSelector(raw.nodeSelector, `${section}.nodeSelector`);
    problems.push(...parsed.problems);
    return parsed.selector ? { type: "nodes", selector: parsed.selector } : { type: "none" };
  }
  problems.push(`${section}: needs an endpointSelector or a nodeSelector`);
  return { type: "none" };
}

function sectionRules(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** One Cilium rule (`spec` or an entry of `specs`). */
export function normalizeCiliumRuleSet(
  raw: unknown,
  ref: PolicyRef,
  id: string,
  section: string,
  baseProblems: string[],
): NormalizedPolicy {
  const problems = [...baseProblems];
  const namespace = ref.kind === "CNP" ? (ref.namespace ?? "default") : null;
  const policy = emptyPolicy(id, ref, section, problems);
  if (!isRecord(raw)) {
    problems.push(`${section}: missing or not an object`);
    return policy;
  }
  policy.description = stringField(raw.description) ?? null;
  policy.subject = readSubject(raw, section, namespace, problems);
  const subjectMatchesInit =
    policy.subject.type === "endpoints" && hasKey(policy.subject.selector, `${RESERVED_PREFIX}init`);
  const scope: Scope = { namespace, subjectMatchesInit };
  policy.ingress = [
    ...readRules(raw.ingress, `${section}.ingress`, "ingress", false, scope, problems),
    ...readRules(raw.ingressDeny, `${section}.ingressDeny`, "ingress", true, scope, problems),
  ];
  policy.egress = [
    ...readRules(raw.egress, `${section}.egress`, "egress", false, scope, problems),
    ...readRules(raw.egressDeny, `${section}.egressDeny`, "egress", true, scope, problems),
  ];
  const enable = isRecord(raw.enableDefaultDeny) ? raw.enableDefaultDeny : {};
  policy.defaultDeny = {
    ingress: (sectionRules(raw.ingress) || sectionRules(raw.ingressDeny)) && enable.ingress !== false,
    egress: (sectionRules(raw.egress) || sectionRules(raw.egressDeny)) && enable.egress !== false,
  };
  return policy;
}
