// Does one normalized rule match a remote peer and a port? The building blocks of the evaluator.
//
// Remotes are what is on the other side of a connection: a pod (its identity labels), a reserved
// identity (an entity), an address outside the cluster, or a DNS name. Endpoint selectors are matched
// against identity labels exactly as Cilium does, so a selector such as `NotIn` on the namespace key
// also matches reserved identities (they have no namespace label).

import type { NormalizedRule, Peer, PortRule, PortSpec } from "./model";
import { cidrCovers, parsePrefix } from "./cidr";
import { entityIncludes, isWorldEntity } from "./entities";
import { fqdnPatternMatches } from "./fqdn-pattern";
import {
  entityIdentityLabels,
  POD_NAMESPACE_LABEL,
  selectorMatches,
  labelValue,
  type IdentityLabels,
} from "./selector";

export type Remote =
  | { kind: "endpoint"; labels: IdentityLabels }
  | { kind: "entity"; entity: string }
  /** An address or prefix outside the cluster (Cilium's world identity), e.g. "1.2.3.4" or "169.254.0.0/16". */
  | { kind: "address"; cidr: string }
  | { kind: "fqdn"; name: string };

const WORLD_LABELS = entityIdentityLabels("world");

function remoteLabels(remote: Remote): IdentityLabels {
  switch (remote.kind) {
    case "endpoint":
      return remote.labels;
    case "entity":
      return entityIdentityLabels(remote.entity);
    default:
      return WORLD_LABELS;
  }
}

function worldFamilyMatches(entity: string, cidr: string): boolean {
  if (entity === "world") return true;
  const prefix = parsePrefix(cidr);
  return !!prefix && (entity === "world-ipv4" ? prefix.family === 4 : prefix.family === 6);
}

/** A DNS name against a toFQDNs entry: matchName exactly, or matchPattern as Cilium reads it. */
export function fqdnMatches(peer: { matchName?: string; matchPattern?: string }, name: string): boolean {
  const fqdn = name.toLowerCase().replace(/\.$/, "");
  if (peer.matchName !== undefined && peer.matchName.toLowerCase().replace(/\.$/, "") === fqdn) return true;
  return peer.matchPattern !== undefined && fqdnPatternMatches(peer.matchPattern, fqdn);
}

export function peerMatchesRemote(peer: Peer, remote: Remote): boolean {
  switch (peer.type) {
    case "any":
      return true;
    case "endpoints":
      return selectorMatches(peer.selector, remoteLabels(remote));
    case "entity":
      if (peer.entity === "all") return true;
      if (remote.kind === "entity") return entityIncludes(peer.entity, remote.entity);
      if (remote.kind === "endpoint") {
        return peer.entity === "cluster" && labelValue(remote.labels, POD_NAMESPACE_LABEL) !== undefined;
      }
      if (remote.kind === "address")
        return isWorldEntity(peer.entity) && worldFamilyMatches(peer.entity, remote.cidr);
      return isWorldEntity(peer.entity);
    case "cidr":
      if (remote.kind === "address") return cidrCovers(peer.cidr, peer.except, remote.cidr);
      // 0.0.0.0/0 (or ::/0) is Cilium's world.
      if (remote.kind === "entity" && isWorldEntity(remote.entity))
        return parsePrefix(peer.cidr)?.length === 0;
      return false;
    case "fqdn":
      return remote.kind === "fqdn" && fqdnMatches(peer, remote.name);
    default:
      // Services, nodes, CIDR groups and cloud groups need data Sieve does not model.
      return false;
  }
}

export function ruleMatchesRemote(rule: NormalizedRule, remote: Remote): boolean {
  if (!rule.peers.some((peer) => peerMatchesRemote(peer, remote))) return false;
  return rule.requires.every((selector) => selectorMatches(selector, remoteLabels(remote)));
}

export type L4Protocol = "TCP" | "UDP" | "SCTP";

export function portSpecAllows(spec: PortSpec, port: number, protocol: L4Protocol): boolean {
  if (spec.protocol !== "ANY" && spec.protocol !== protocol) return false;
  // A named port cannot be resolved without the pod's container ports.
  if (spec.name !== undefined) return false;
  if (spec.port === null) return true;
  return port >= spec.port && port <= (spec.endPort ?? spec.port);
}

function portRuleAllows(rule: PortRule, port: number, protocol: L4Protocol): boolean {
  return rule.ports.length === 0 || rule.ports.some((spec) => portSpecAllows(spec, port, protocol));
}

/** Does the rule's L4 part admit this port? (L7 rules narrow content, not the connection.) */
export function ruleAllowsPort(rule: NormalizedRule, port: number, protocol: L4Protocol): boolean {
  if (rule.toPorts.length === 0) return rule.icmps.length === 0;
  return rule.toPorts.some((portRule) => portRuleAllows(portRule, port, protocol));
}

/** Does the rule admit at least one port of the protocol? */
export function ruleAllowsProtocol(rule: NormalizedRule, protocol: L4Protocol): boolean {
  if (rule.toPorts.length === 0) return rule.icmps.length === 0;
  return rule.toPorts.some(
    (portRule) =>
      portRule.ports.length === 0 ||
      portRule.ports.some((spec) => spec.protocol === "ANY" || spec.protocol === protocol),
  );
}

export function isAnyPortSpec(spec: PortSpec): boolean {
  return spec.port === null && spec.name === undefined;
}

/** Does the rule admit every port of some protocol (no toPorts, an empty ports list, port 0)? */
export function ruleAllowsAnyPort(rule: NormalizedRule): boolean {
  if (rule.toPorts.length === 0) return rule.icmps.length === 0;
  return rule.toPorts.some((portRule) => portRule.ports.length === 0 || portRule.ports.some(isAnyPortSpec));
}
