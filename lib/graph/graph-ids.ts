import type { Flow, FlowPeer, FlowProtocol } from "@/lib/flows/flow";
import { isEphemeralPort } from "@/lib/flows/reply-inference";

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
  | "unmanaged"
  | "init"
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
  "unmanaged",
  "init",
  "unknown",
  "other-namespaces",
];

export type EdgeDirection = "ingress" | "egress" | "unknown";

/**
 * A port, no port at all (ICMP), the ports beyond a peer pair's cap lumped together, or
 * "unknown": flows whose role nothing could tell, sent to an ephemeral port, which may be replies
 * and so are never drawn as a service on that port.
 */
export type EdgePort = number | "none" | "other" | "unknown";

const NAMESPACE_NODE_PREFIX = "ns:";
const DNS_LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
const NODE_ID_PATTERN = `(?:${NAMESPACE_NODE_PREFIX}${DNS_LABEL}|${SPECIAL_NODE_KINDS.join("|")})`;
const NODE_ID = new RegExp(`^${NODE_ID_PATTERN}$`);
const EDGE_ID = new RegExp(
  `^(${NODE_ID_PATTERN})>(${NODE_ID_PATTERN}):(tcp|udp|sctp|icmpv4|icmpv6|any):(\\d{1,5}|none|other|unknown):(ingress|egress|unknown)$`,
);

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

// The page's graph toolbar checks namespace names here; the rule itself is k8s-names'.
export { isNamespaceName } from "@/lib/gitops/k8s-names";

export function isNodeId(text: string): boolean {
  return NODE_ID.test(text);
}

export function isEdgeId(text: string): boolean {
  const match = EDGE_ID.exec(text);
  if (!match) return false;
  const port = match[4]!;
  return port === "none" || port === "other" || port === "unknown" || Number(port) <= 65_535;
}

/** Reserved peers drawn as their own node; an unknown one is drawn by its namespace when it has one. */
const SPECIAL_PEER_NODES: ReadonlySet<string> = new Set(
  SPECIAL_NODE_KINDS.filter((kind) => kind !== "unknown"),
);

/**
 * The node a flow's peer is drawn as (before the graph's node cap folds namespaces together). A
 * pod keeps its namespace even when Cilium gives it a reserved identity (node-local DNS on the
 * host network reports as world with its namespace and pod).
 */
export function peerNodeId(peer: FlowPeer): string {
  if (peer.namespace !== null && peer.pod !== null) return namespaceNodeId(peer.namespace);
  if (peer.reserved && SPECIAL_PEER_NODES.has(peer.reserved)) return peer.reserved;
  return peer.namespace ? namespaceNodeId(peer.namespace) : "unknown";
}

/** Where a flow is counted: its initiator, its responder, and the edge's port. */
export interface FlowEdgeEnds {
  from: FlowPeer;
  to: FlowPeer;
  port: EdgePort;
}

/**
 * A reply is drawn on the edge of its request (peers swapped, the reply's source port as the
 * port). A flow whose role is unknown is drawn as sent, but a port that is ephemeral is not named
 * as a service: it goes on the "unknown" port.
 */
export function flowEdgeEnds(flow: Flow): FlowEdgeEnds {
  if (flow.isReply === true)
    return { from: flow.destination, to: flow.source, port: flow.sourcePort ?? "none" };
  const port = flow.destinationPort;
  if (flow.isReply === null && isEphemeralPort(port))
    return { from: flow.source, to: flow.destination, port: "unknown" };
  return { from: flow.source, to: flow.destination, port: port ?? "none" };
}

/** The edge a flow is counted on (ports beyond a peer pair's cap are not folded here). */
export function flowEdgeId(flow: Flow): string {
  const { from, to, port } = flowEdgeEnds(flow);
  return edgeId(peerNodeId(from), peerNodeId(to), flow.protocol, port, flow.direction);
}
