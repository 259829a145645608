// Kubernetes NetworkPolicy → NormalizedPolicy, the way Cilium translates it.

import type { Direction, NormalizedPolicy, NormalizedRule, Peer, PolicyRef } from "./model";
import { parsePrefix } from "./cidr";
import { emptyPolicy } from "./empty-policy";
import { isRecord, listField, stringField } from "./json-read";
import { readNetworkPolicyPorts } from "./normalize-ports";
import {
  NAMESPACE_LABELS_PREFIX,
  parseLabelSelector,
  POD_NAMESPACE_LABEL,
  withRequirement,
  type Selector,
} from "./selector";

/** podSelector/namespaceSelector of one peer element (AND), scoped like Cilium scopes it. */
function peerSelector(
  raw: Record<string, unknown>,
  where: string,
  namespace: string,
  problems: string[],
): Selector | null {
  let selector: Selector = { requirements: [] };
  if (raw.podSelector !== undefined && raw.podSelector !== null) {
    const pods = parseLabelSelector(raw.podSelector, `${where}.podSelector`);
    problems.push(...pods.problems);
    if (!pods.selector) return null;
    selector = pods.selector;
  }
  if (raw.namespaceSelector !== undefined && raw.namespaceSelector !== null) {
    const namespaces = parseLabelSelector(
      raw.namespaceSelector,
      `${where}.namespaceSelector`,
      NAMESPACE_LABELS_PREFIX,
    );
    problems.push(...namespaces.problems);
    if (!namespaces.selector) return null;
    selector = { requirements: [...selector.requirements, ...namespaces.selector.requirements] };
    // `namespaceSelector: {}` is every namespace: still only pods.
    if (namespaces.selector.requirements.length === 0) {
      selector = withRequirement(selector, { key: POD_NAMESPACE_LABEL, operator: "Exists", values: [] });
    }
    return selector;
  }
  return withRequirement(selector, { key: POD_NAMESPACE_LABEL, operator: "In", values: [namespace] });
}

function readPeers(
  raw: unknown,
  where: string,
  namespace: string,
  problems: string[],
): { peers: Peer[]; malformed: boolean } {
  const list = listField(raw, where, problems);
  if (list === null) return { peers: [], malformed: true };
  // No from/to: every peer.
  if (list.length === 0) return { peers: [{ type: "any" }], malformed: false };
  const peers: Peer[] = [];
  let malformed = false;
  for (const [i, element] of list.entries()) {
    const at = `${where}[${i}]`;
    if (!isRecord(element)) {
      problems.push(`${at}: not an object`);
      malformed = true;
      continue;
    }
    const hasSelectors = element.podSelector != null || element.namespaceSelector != null;
    if (element.ipBlock !== undefined && element.ipBlock !== null) {
      if (hasSelectors) problems.push(`${at}: ipBlock cannot be combined with selectors; selectors ignored`);
      const block = isRecord(element.ipBlock) ? element.ipBlock : {};
      const cidr = stringField(block.cidr);
      if (!cidr || !parsePrefix(cidr)) {
        problems.push(`${at}.ipBlock.cidr: ${JSON.stringify(block.cidr)} is not a CIDR`);
        malformed = true;
        continue;
      }
      const rawExcept = listField(block.except, `${at}.ipBlock.except`, problems) ?? [];
      const except = rawExcept.filter((e): e is string => typeof e === "string" && parsePrefix(e) !== null);
      if (except.length < rawExcept.length) problems.push(`${at}.ipBlock.except: malformed entries ignored`);
      peers.push({ type: "cidr", cidr: cidr.trim(), except: except.map((e) => e.trim()) });
      continue;
    }
    if (!hasSelectors) {
      problems.push(`${at}: needs podSelector, namespaceSelector or ipBlock`);
      malformed = true;
      continue;
    }
    const selector = peerSelector(element, at, namespace, problems);
    if (selector) peers.push({ type: "endpoints", selector });
    else malformed = true;
  }
  return { peers, malformed };
}

function readRules(
  raw: unknown,
  where: string,
  direction: Direction,
  namespace: string,
  problems: string[],
): NormalizedRule[] {
  const list = listField(raw, where, problems) ?? [];
  const peerField = direction === "ingress" ? "from" : "to";
  return list.map((entry, i) => {
    const id = `${where}[${i}]`;
    const rule: NormalizedRule = {
      id,
      direction,
      deny: false,
      peers: [],
      requires: [],
      toPorts: [],
      icmps: [],
    };
    if (!isRecord(entry)) {
      problems.push(`${id}: not an object`);
      return rule;
    }
    const peers = readPeers(entry[peerField], `${id}.${peerField}`, namespace, problems);
    const ports = readNetworkPolicyPorts(entry.ports, `${id}.ports`, problems);
    // Fail closed: a rule whose every port was malformed allows nothing rather than every port.
    if (ports.malformed && ports.rules.length === 0) return rule;
    rule.peers = peers.peers;
    rule.toPorts = ports.rules;
    return rule;
  });
}

export function normalizeNetworkPolicy(
  raw: unknown,
  ref: PolicyRef,
  id: string,
  baseProblems: string[],
): NormalizedPolicy {
  const problems = [...baseProblems];
  const namespace = ref.namespace ?? "default";
  const policy = emptyPolicy(id, ref, "spec", problems);
  const spec = isRecord(raw) ? raw.spec : undefined;
  if (!isRecord(spec)) {
    problems.push("spec: missing or not an object");
    return policy;
  }

  let podSelector: Selector | null = { requirements: [] };
  if (spec.podSelector === undefined || spec.podSelector === null) {
    problems.push("spec.podSelector: missing, read as {} (every pod in the namespace)");
  } else {
    const parsed = parseLabelSelector(spec.podSelector, "spec.podSelector");
    problems.push(...parsed.problems);
    podSelector = parsed.selector;
  }
  if (podSelector) {
    policy.subject = {
      type: "endpoints",
      selector: withRequirement(podSelector, {
        key: POD_NAMESPACE_LABEL,
        operator: "In",
        values: [namespace],
      }),
    };
  }

  const rawTypes = listField(spec.policyTypes, "spec.policyTypes", problems);
  let types: Direction[];
  if (rawTypes && rawTypes.length > 0) {
    types = [];
    for (const t of rawTypes) {
      if (t === "Ingress") types.push("ingress");
      else if (t === "Egress") types.push("egress");
      else problems.push(`spec.policyTypes: ${JSON.stringify(t)} is not Ingress or Egress`);
    }
  } else {
    // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
    types = Array.isArray(spec.egress) && spec.egress.length > 0 ? ["ingress", "egress"] : ["ingress"];
  }

  for (const direction of ["ingress", "egress"] as const) {
    const field = spec[direction];
    if (!types.includes(direction)) {
      if (Array.isArray(field) && field.length > 0) {
        problems.push(
          `spec.${direction}: rules ignored because policyTypes does not list ${direction === "ingress" ? "Ingress" : "Egress"}`,
        );
      }
      continue;
    }
    policy[direction] = readRules(field, `spec.${direction}`, direction, namespace, problems);
    policy.defaultDeny[direction] = true;
  }
  return policy;
}
