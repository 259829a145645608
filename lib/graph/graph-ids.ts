import type { Flow, FlowPeer, FlowProtocol } from "@/lib/flows/flow";

// Graph element ids are derived from their keys only, so the same namespace or edge keeps its id
// across snapshots and the UI layout does not jump. They also travel in URLs, hence the grammar
// and the validators below.

export type GraphNodeKind =
  | "namespace"
  | "world"
  | "kube-apiserver"
  | "host"
  | "remote-node"
  | "health"
  | "ingress"
  | "unknown"
  | "other-namespaces";

export type SpecialNodeKind = Exclude<GraphNodeKind, "namespace">;

export const SPECIAL_NODE_KINDS: readonly SpecialNodeKind[] = [
  "world",
  "kube-apiserver",
  "host",
  "remote-node",
  "health",
  "ingress",
  "unknown",
  "other-namespaces",
];

export type EdgeDirection = "ingress" | "egress" | "unknown";

/** A port, no port at all (ICMP), or the ports beyond a peer pair's cap lumped together. */
export type EdgePort = number | "none" | "other";

const NAMESPACE_NODE_PREFIX = "ns:";
const DNS_LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
const NODE_ID_PATTERN = `(?:${NAMESPACE_NODE_PREFIX}${DNS_LABEL}|${SPECIAL_NODE_KINDS.join("|")})`;
const NODE_ID = new RegExp(`^${NODE_ID_PATTERN}$`);
const EDGE_ID = new RegExp(
  `^(${NODE_ID_PATTERN})>(${NODE_ID_PATTERN}):(tcp|udp|sctp|icmpv4|icmpv6|any):(\\d{1,5}|none|other):(ingress|egress|unknown)$`,
);
const NAMESPACE_NAME = new RegExp(`^${DNS_LABEL}$`);

export function namespaceNodeId(namespace: string): string {
  return NAMESPACE_NODE_PREFIX + namespace;
}

export function edgeId(
  sourceId: string,
  targetId: string,
  protocol: FlowProtocol | null,
  port: EdgePort,
  direction: EdgeDirection,
): string {
  return `${sourceId}>${targetId}:${protocol === null ? "any" : protocol.toLowerCase()}:${port}:${direction}`;
}

/** A Kubernetes namespace name (RFC 1123 label). */
export function isNamespaceName(text: string): boolean {
  return NAMESPACE_NAME.test(text);
}

export function isNodeId(text: string): boolean {
  return NODE_ID.test(text);
}

export function isEdgeId(text: string): boolean {
  const match = EDGE_ID.exec(text);
  if (!match) return false;
  const port = match[4]!;
  return port === "none" || port === "other" || Number(port) <= 65_535;
}

const SPECIAL_PEER_NODES: ReadonlySet<string> = new Set([
  "world",
  "kube-apiserver",
  "host",
  "remote-node",
  "health",
  "ingress",
]);

/** The node a flow's peer is drawn as (before the graph's node cap folds namespaces together). */
export function peerNodeId(peer: FlowPeer): string {
  if (peer.reserved && SPECIAL_PEER_NODES.has(peer.reserved)) return peer.reserved;
  return peer.namespace ? namespaceNodeId(peer.namespace) : "unknown";
}

/**
 * The edge a flow is counted on: replies on the edge of their request (peers swapped, the reply's
 * source port as the port). Ports beyond a peer pair's cap are not folded here.
 */
export function flowEdgeId(flow: Flow): string {
  const reply = flow.isReply === true;
  const from = reply ? flow.destination : flow.source;
  const to = reply ? flow.source : flow.destination;
  const port = reply ? flow.sourcePort : flow.destinationPort;
  return edgeId(peerNodeId(from), peerNodeId(to), flow.protocol, port ?? "none", flow.direction);
}
