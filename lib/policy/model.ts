// Sieve's own model of network policy: CiliumClusterwideNetworkPolicies, CiliumNetworkPolicies and
// Kubernetes NetworkPolicies in one normalized, JSON-serializable shape.
//
// Every selector in the model is already scoped the way Cilium scopes it, so a rule means the same
// thing wherever it is read:
// - a CNP's or NetworkPolicy's subject is limited to the policy's namespace;
// - a CNP peer selector without a namespace key (and without namespace-label keys) is limited to the
//   policy's namespace, a CCNP peer selector without a namespace key to pods of any namespace
//   (`io.kubernetes.pod.namespace` Exists), so `{}` means "all pods in the namespace" in a CNP and
//   "all pods in the cluster" in a CCNP;
// - a NetworkPolicy peer's namespaceSelector becomes `io.cilium.k8s.namespace.labels.*` requirements,
//   ANDed with its podSelector in the same element.
// The rule lists keep allow and deny rules in source order (allow first); `deny` tells them apart.

import type { Selector } from "./selector";

export type PolicyKind = "CCNP" | "CNP" | "NetworkPolicy";

export interface PolicyRef {
  kind: PolicyKind;
  /** Absent for CCNPs. */
  namespace?: string;
  name: string;
}

export type Direction = "ingress" | "egress";
export const DIRECTIONS: readonly Direction[] = ["ingress", "egress"];

export type Protocol = "TCP" | "UDP" | "SCTP" | "ICMP" | "ICMPv6" | "VRRP" | "IGMP" | "ANY";

export interface PortSpec {
  /** null: every port of the protocol (no port, port 0 or ""). */
  port: number | null;
  /** A named container port ("metrics"); `port` is then null. */
  name?: string;
  endPort?: number;
  protocol: Protocol;
}

export interface HttpRule {
  method?: string;
  path?: string;
  host?: string;
  headers?: string[];
}

export interface DnsRule {
  matchName?: string;
  matchPattern?: string;
}

export type L7Rules =
  | { type: "http"; rules: HttpRule[] }
  | { type: "dns"; rules: DnsRule[] }
  | { type: "kafka"; count: number }
  | { type: "other"; protocol: string; count: number };

/** One `toPorts` entry; its L7 rules apply to its own ports only. */
export interface PortRule {
  /** Empty: every port and protocol. */
  ports: PortSpec[];
  l7: L7Rules | null;
  serverNames: string[];
}

export interface IcmpSpec {
  family: "IPv4" | "IPv6";
  type: number | string;
}

export type Peer =
  /** No L3 constraint: the rule only names ports (or is a NetworkPolicy rule without from/to). */
  | { type: "any" }
  | { type: "endpoints"; selector: Selector }
  | { type: "entity"; entity: string }
  | { type: "cidr"; cidr: string; except: string[] }
  | { type: "cidrGroup"; name: string }
  | { type: "fqdn"; matchName?: string; matchPattern?: string }
  | { type: "service"; serviceName?: string; namespace?: string; selector?: Selector }
  | { type: "nodes"; selector: Selector }
  | { type: "group"; detail: string };

export interface NormalizedRule {
  /** Where the rule sits in its policy, e.g. "spec.egress[1]" or "specs[0].ingressDeny[0]". */
  id: string;
  direction: Direction;
  deny: boolean;
  /** Any one peer may match. Empty: the rule matches nothing (e.g. `- {}` or only malformed peers). */
  peers: Peer[];
  /** fromRequires/toRequires: every one must also match the peer. */
  requires: Selector[];
  /** Empty with no icmps: every port and protocol. */
  toPorts: PortRule[];
  icmps: IcmpSpec[];
  /**
   * Unsubstituted variables ("${NODE_CIDR}") in place of peers: the rule is not understood (its
   * GitOps source was not rendered), rather than one that allows nothing. Absent when none.
   */
  unresolved?: string[];
}

export type PolicySubject =
  | { type: "endpoints"; selector: Selector }
  /** A CCNP with a nodeSelector: host policy, never selects pods. */
  | { type: "nodes"; selector: Selector }
  /** Unusable subject (malformed selector): selects nothing. */
  | { type: "none" };

export interface NormalizedPolicy {
  /** Unique: "CNP/shop/allow-web", "CCNP/baseline-dns", "CNP/db/x#specs[1]". */
  id: string;
  ref: PolicyRef;
  /** "spec", or "specs[i]" for Cilium policies with several rules. */
  section: string;
  description: string | null;
  subject: PolicySubject;
  ingress: NormalizedRule[];
  egress: NormalizedRule[];
  /** Whether this policy puts the endpoints it selects into default-deny, per direction. */
  defaultDeny: { ingress: boolean; egress: boolean };
  /** What was malformed or ignored; the policy still normalizes, failing closed. */
  problems: string[];
}

export function refLabel(ref: PolicyRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function rulesIn(policy: NormalizedPolicy, direction: Direction): NormalizedRule[] {
  return direction === "ingress" ? policy.ingress : policy.egress;
}

export function allowRules(policy: NormalizedPolicy, direction: Direction): NormalizedRule[] {
  return rulesIn(policy, direction).filter((r) => !r.deny);
}

export function denyRules(policy: NormalizedPolicy, direction: Direction): NormalizedRule[] {
  return rulesIn(policy, direction).filter((r) => r.deny);
}

export { normalizePolicies } from "./normalize";
