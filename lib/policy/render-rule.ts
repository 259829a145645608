// Human-readable one-liners for normalized rules, selectors and subjects.

import type { Direction, IcmpSpec, L7Rules, NormalizedPolicy, NormalizedRule, Peer, PortSpec } from "./model";
import { addressSpace, sameCidr } from "./cidr";
import { ruleAdmitsEveryPod } from "./every-pod";
import { isWorldEntity } from "./entities";
import { ruleAllowsAnyPort } from "./rule-match";
import {
  keyScope,
  NAMESPACE_LABELS_PREFIX,
  NAMESPACE_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  RESERVED_PREFIX,
  type Selector,
  type SelectorRequirement,
} from "./selector";

export interface RenderOptions {
  /** CIDRs that are not hard-coded IPs (health-probe sources). */
  allowedCidrs: readonly string[];
}

export interface RenderedRule {
  /** The rule's place in its policy, e.g. "spec.egress[0]". */
  id: string;
  direction: Direction;
  deny: boolean;
  text: string;
  /** One line per L7 rule: "HTTP GET /api/v1/.*", "DNS *.github.com". */
  l7: string[];
  notes: string[];
}

const DEFAULT_OPTIONS: RenderOptions = { allowedCidrs: [] };

function list(values: readonly string[]): string {
  return values.join(", ");
}

export function formatRequirement(requirement: SelectorRequirement, key = requirement.key): string {
  const { operator, values } = requirement;
  switch (operator) {
    case "In":
      return values.length === 1 ? `${key}=${values[0]}` : `${key} in (${list(values)})`;
    case "NotIn":
      return values.length === 1 ? `${key}!=${values[0]}` : `${key} notin (${list(values)})`;
    case "Exists":
      return key;
    case "DoesNotExist":
      return `!${key}`;
  }
}

const NAMESPACE_NAME_KEY = NAMESPACE_LABELS_PREFIX + NAMESPACE_NAME_LABEL;

/** "kube-system pods k8s-app=kube-dns", "all pods in shop", "all pods in the cluster"… */
export function describeSelector(selector: Selector): string {
  const names: string[][] = [];
  const outside: string[] = [];
  const namespaceLabels: string[] = [];
  const podLabels: string[] = [];
  const other: string[] = [];
  for (const r of selector.requirements) {
    const scope = keyScope(r.key);
    if ((r.key === POD_NAMESPACE_LABEL || r.key === NAMESPACE_NAME_KEY) && r.operator === "In")
      names.push(r.values);
    else if ((r.key === POD_NAMESPACE_LABEL || r.key === NAMESPACE_NAME_KEY) && r.operator === "NotIn") {
      outside.push(...r.values);
    } else if (r.key === POD_NAMESPACE_LABEL) {
      // Exists: any namespace (how Cilium limits a CCNP peer to pods); DoesNotExist: not a pod.
      if (r.operator === "DoesNotExist") other.push(`!${POD_NAMESPACE_LABEL}`);
    } else if (scope === "namespace-label") {
      namespaceLabels.push(formatRequirement(r, r.key.slice(NAMESPACE_LABELS_PREFIX.length)));
    } else if (scope === "pod") podLabels.push(formatRequirement(r));
    else if (scope === "cluster" && r.operator === "Exists") continue;
    // `reserved.none` DoesNotExist and the like exclude no pod: nothing to say about them.
    else if (scope === "other-source" && (r.operator === "DoesNotExist" || r.operator === "NotIn")) continue;
    else if (
      r.key.startsWith(RESERVED_PREFIX) &&
      (r.operator === "Exists" || r.values.every((v) => v === ""))
    )
      other.push(`entity ${r.key.slice(RESERVED_PREFIX.length)}`);
    else other.push(formatRequirement(r));
  }
  const pods = podLabels.length > 0 ? list(podLabels) : "";
  const wantedNames = names.reduce<string[] | null>(
    (acc, v) => (acc ? acc.filter((n) => v.includes(n)) : v),
    null,
  );
  const where: string[] = [];
  if (wantedNames && wantedNames.length !== 1)
    where.push(wantedNames.length === 0 ? "no namespace" : `in ${list(wantedNames)}`);
  if (outside.length > 0) where.push(`outside ${list(outside)}`);
  if (namespaceLabels.length > 0) where.push(`in namespaces with ${list(namespaceLabels)}`);
  const extra = other.length > 0 ? ` (${list(other)})` : "";

  if (other.length > 0 && podLabels.length === 0 && names.length === 0 && where.length === 0) {
    return other.every((o) => o.startsWith("entity ")) ? list(other) : `endpoints ${list(other)}`;
  }
  if (wantedNames && wantedNames.length === 1) {
    const ns = wantedNames[0];
    const more = where.length > 0 ? ` ${where.join(" and ")}` : "";
    return (pods ? `${ns} pods ${pods}` : `all pods in ${ns}`) + more + extra;
  }
  if (where.length === 0) return (pods ? `pods ${pods} in any namespace` : "all pods in the cluster") + extra;
  return `${pods ? `pods ${pods}` : "all pods"} ${where.join(" and ")}${extra}`;
}

export function describePortSpec(spec: PortSpec): string {
  const protocol = spec.protocol === "ANY" ? " (any protocol)" : `/${spec.protocol}`;
  if (spec.name !== undefined) return `port "${spec.name}"${protocol}`;
  if (spec.port === null) return spec.protocol === "ANY" ? "any port" : `any ${spec.protocol} port`;
  const range = spec.endPort !== undefined ? `${spec.port}-${spec.endPort}` : String(spec.port);
  return range + protocol;
}

function describeIcmp(icmp: IcmpSpec): string {
  return `${icmp.family === "IPv6" ? "ICMPv6" : "ICMP"} type ${icmp.type}`;
}

export function describePorts(rule: NormalizedRule): string {
  if (rule.toPorts.length === 0 && rule.icmps.length === 0) return "any port";
  const parts: string[] = [];
  for (const portRule of rule.toPorts) {
    if (portRule.ports.length === 0) parts.push("any port");
    else parts.push(...portRule.ports.map(describePortSpec));
  }
  parts.push(...rule.icmps.map(describeIcmp));
  return list([...new Set(parts)]);
}

function isAllowedCidr(cidr: string, options: RenderOptions): boolean {
  return options.allowedCidrs.some((allowed) => sameCidr(allowed, cidr));
}

export function describePeer(peer: Peer, options: RenderOptions = DEFAULT_OPTIONS): string {
  switch (peer.type) {
    case "any":
      return "anywhere";
    case "endpoints":
      return describeSelector(peer.selector);
    case "entity":
      return isWorldEntity(peer.entity) ? peer.entity : `entity ${peer.entity}`;
    case "cidr": {
      const except = peer.except.length > 0 ? ` except ${list(peer.except)}` : "";
      const space = addressSpace(peer.cidr);
      const note = isAllowedCidr(peer.cidr, options)
        ? ""
        : space === "any"
          ? " (every address)"
          : " (hard-coded IP)";
      return `CIDR ${peer.cidr}${except}${note}`;
    }
    case "cidrGroup":
      return `CIDR group ${peer.name}`;
    case "fqdn":
      return `FQDN ${peer.matchName ?? peer.matchPattern ?? "?"}`;
    case "service":
      if (peer.selector)
        return `services ${describeSelector(peer.selector).replace(/ in any namespace$/, "")} in ${peer.namespace ?? "any namespace"}`;
      return `service ${peer.namespace ? `${peer.namespace}/` : ""}${peer.serviceName ?? "?"}`;
    case "nodes":
      return peer.selector.requirements.length === 0
        ? "all nodes"
        : `nodes ${list(peer.selector.requirements.map((r) => formatRequirement(r)))}`;
    case "group":
      return `cloud group ${peer.detail}`;
  }
}

export function describeL7(l7: L7Rules): string[] {
  switch (l7.type) {
    case "http":
      if (l7.rules.length === 0) return ["HTTP (any request)"];
      return l7.rules.map((r) => {
        const parts = ["HTTP", r.method ?? "any method", r.path ?? "any path"];
        if (r.host) parts.push(`host ${r.host}`);
        if (r.headers && r.headers.length > 0) parts.push(`headers ${list(r.headers)}`);
        return parts.join(" ");
      });
    case "dns":
      if (l7.rules.length === 0) return ["DNS (any name)"];
      return l7.rules.map((r) => `DNS ${r.matchName ?? r.matchPattern ?? "?"}`);
    case "kafka":
      return [`Kafka (${l7.count} rule${l7.count === 1 ? "" : "s"})`];
    case "other":
      return [`${l7.protocol} (${l7.count} rule${l7.count === 1 ? "" : "s"})`];
  }
}

/** "spec.ingress[0]" → "ingress rule 1"; "specs[1].egressDeny[2]" → "specs[1] egressDeny rule 3". */
export function ruleName(ruleId: string, direction: Direction): string {
  const match = /^(.*)\.(ingress|egress|ingressDeny|egressDeny)\[(\d+)\]$/.exec(ruleId);
  if (!match) return `${direction} rule ${ruleId}`;
  const [, section, field, index] = match;
  const counted = `${field} rule ${Number(index) + 1}`;
  return section === "spec" ? counted : `${section} ${counted}`;
}

export function renderRule(rule: NormalizedRule, options: RenderOptions = DEFAULT_OPTIONS): RenderedRule {
  const preposition = rule.direction === "ingress" ? "from" : "to";
  const deny = rule.deny ? "deny " : "";
  const notes: string[] = [];
  let text: string;
  if (rule.unresolved && rule.peers.length === 0) {
    text = `${deny}${rule.direction}: not understood (unresolved variable ${list(rule.unresolved)})`;
    notes.push("unresolved variable: render the repository with its value");
  } else if (rule.peers.length === 0) {
    text = rule.deny
      ? `deny ${rule.direction}: matches nothing`
      : `${rule.direction}: allows nothing (an empty rule only turns on default deny)`;
  } else {
    const peers = rule.peers.map((p) => describePeer(p, options)).join(" or ");
    const requires =
      rule.requires.length > 0
        ? ` (peer must also be ${rule.requires.map(describeSelector).join(" and ")})`
        : "";
    text = `${deny}${rule.direction} ${preposition} ${peers}${requires} on ${describePorts(rule)}`;
    const cidrs = rule.peers.filter((p) => p.type === "cidr" && !isAllowedCidr(p.cidr, options));
    if (cidrs.length > 0) notes.push("hard-coded IP");
    if (!rule.deny && ruleAllowsAnyPort(rule)) notes.push("any port");
    if (ruleAdmitsEveryPod(rule)) notes.push("every pod of every namespace");
  }
  const l7: string[] = [];
  for (const portRule of rule.toPorts) {
    if (portRule.l7) l7.push(...describeL7(portRule.l7));
    if (portRule.serverNames.length > 0) l7.push(`TLS SNI ${list(portRule.serverNames)}`);
  }
  return { id: rule.id, direction: rule.direction, deny: rule.deny, text, l7, notes };
}

/**
 * Whom the policy applies to: "all pods in shop", "pods app=web in shop", "all pods in the cluster",
 * "host policy (nodes node-role.kubernetes.io/control-plane)".
 */
export function describeSubject(policy: NormalizedPolicy): string {
  switch (policy.subject.type) {
    case "endpoints":
      return describeSelector(policy.subject.selector);
    case "nodes":
      return `host policy (${describePeer(policy.subject)})`;
    case "none":
      return "nothing (no usable selector)";
  }
}

/** Every rule of a policy, plus a line for a direction it denies without any rule. */
export function renderPolicyRules(
  policy: NormalizedPolicy,
  options: RenderOptions = DEFAULT_OPTIONS,
): RenderedRule[] {
  const rendered: RenderedRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    const rules = direction === "ingress" ? policy.ingress : policy.egress;
    if (rules.length === 0 && policy.defaultDeny[direction]) {
      rendered.push({
        id: `${policy.section}.policyTypes`,
        direction,
        deny: false,
        text: `${direction}: default deny (no rule allows anything)`,
        l7: [],
        notes: [],
      });
    }
    rendered.push(...rules.map((rule) => renderRule(rule, options)));
  }
  return rendered;
}
