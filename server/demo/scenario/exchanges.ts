import "server-only";
import type { HubbleFlowJson, HubbleLayer4, HubbleService, HubbleTCPFlags } from "@/lib/hubble/flow-json";
import type { DemoPodEndpoint } from "./demo-cluster-view";
import {
  dropEvent,
  endpointJson,
  EVENT_L7,
  flagsSummary,
  nodeName,
  policyJson,
  traceEvent,
  type DropReasonName,
  type ObservationPoint,
} from "./flow-json-parts";
import type { HubblePolicyRef, VerdictDecision } from "./policy-verdict";
import type { Random } from "./stable-random";
import { isPod, type TrafficPeer } from "./traffic-peers";

// What Hubble sees of one connection or one lookup: the packets Cilium traces on each node,
// the drop events, and the proxy's L7 records, in order.

/** A flow without its time and uuid, and when it happened. */
export interface FlowDraft {
  ms: number;
  /** Nanoseconds within the millisecond. */
  nanos: number;
  flow: Omit<HubbleFlowJson, "time" | "uuid">;
}

export interface ExchangeContext {
  random: Random;
  /** Milliseconds since the epoch when the exchange starts; advanced as flows are emitted. */
  at: number;
  out: FlowDraft[];
}

type Draft = FlowDraft["flow"];

function emit(context: ExchangeContext, afterMs: number, flow: Draft): void {
  context.at += afterMs;
  context.out.push({ ms: Math.floor(context.at), nanos: context.random.int(0, 999_999), flow });
}

export interface TrafficConnection {
  source: TrafficPeer;
  destination: TrafficPeer;
  protocol: "TCP" | "UDP";
  port: number;
}

export type Outcome =
  VerdictDecision | { verdict: "FAULT"; reason: Exclude<DropReasonName, "POLICY_DENIED" | "POLICY_DENY"> };

export interface ConnectionDetails {
  /** The Service the client addressed, when it went through one. */
  service?: HubbleService;
  http?: { url: string; method: string; code: number };
}

/** The node a peer's packets are seen on, or null for peers outside the cluster's nodes. */
function nodeOf(peer: TrafficPeer): string | null {
  if (isPod(peer)) return peer.node;
  return peer.kind === "host" || peer.kind === "remote-node" ? peer.node : null;
}

interface Packet {
  from: TrafficPeer;
  to: TrafficPeer;
  sourcePort: number;
  destinationPort: number;
  protocol: "TCP" | "UDP";
  flags?: HubbleTCPFlags;
  reply: boolean;
  observedOn: string;
}

function l4(packet: Packet): HubbleLayer4 {
  const ports = { source_port: packet.sourcePort, destination_port: packet.destinationPort };
  return packet.protocol === "TCP" ? { TCP: { ...ports, flags: packet.flags ?? {} } } : { UDP: ports };
}

function packetFields(packet: Packet, details: ConnectionDetails): Draft {
  const names = (peer: TrafficPeer) =>
    peer.kind === "world" && peer.names.length > 0 ? peer.names : undefined;
  const sourceNames = names(packet.from);
  const destinationNames = names(packet.to);
  return {
    verdict: "FORWARDED",
    IP: { source: packet.from.ip, destination: packet.to.ip, ipVersion: "IPv4" },
    l4: l4(packet),
    source: endpointJson(packet.from, packet.observedOn),
    destination: endpointJson(packet.to, packet.observedOn),
    Type: "L3_L4",
    node_name: nodeName(packet.observedOn),
    ...(sourceNames ? { source_names: sourceNames } : {}),
    ...(destinationNames ? { destination_names: destinationNames } : {}),
    ...(details.service
      ? { [packet.reply ? "source_service" : "destination_service"]: details.service }
      : {}),
    is_reply: packet.reply,
    Summary: packet.protocol === "TCP" ? flagsSummary(packet.flags ?? {}) : "UDP",
  };
}

function trace(
  packet: Packet,
  details: ConnectionDetails,
  direction: "EGRESS" | "INGRESS",
  point: ObservationPoint,
  allowedBy: HubblePolicyRef[] = [],
): Draft {
  const key = direction === "EGRESS" ? "egress_allowed_by" : "ingress_allowed_by";
  return {
    ...packetFields(packet, details),
    event_type: traceEvent(point),
    traffic_direction: direction,
    trace_observation_point: point,
    ...(allowedBy.length > 0 && !packet.reply ? { [key]: allowedBy.map(policyJson) } : {}),
  };
}

function drop(
  packet: Packet,
  details: ConnectionDetails,
  direction: "EGRESS" | "INGRESS",
  reason: DropReasonName,
  deniedBy: HubblePolicyRef[] = [],
): Draft {
  const key = direction === "EGRESS" ? "egress_denied_by" : "ingress_denied_by";
  return {
    ...packetFields(packet, details),
    verdict: "DROPPED",
    drop_reason_desc: reason,
    event_type: dropEvent(reason),
    traffic_direction: direction,
    ...(deniedBy.length > 0 ? { [key]: deniedBy.map(policyJson) } : {}),
  };
}

const SYN = { SYN: true };
const SYN_ACK = { SYN: true, ACK: true };

/** One connection attempt: the SYN on each node it crosses, L7 records if any, and the reply. */
export function connectionFlows(
  context: ExchangeContext,
  connection: TrafficConnection,
  outcome: Outcome,
  details: ConnectionDetails = {},
): void {
  const { source, destination, protocol } = connection;
  const sourceNode = nodeOf(source);
  const destinationNode = nodeOf(destination);
  const sourcePort = context.random.int(32768, 60999);
  const request = (observedOn: string): Packet => ({
    from: source,
    to: destination,
    sourcePort,
    destinationPort: connection.port,
    protocol,
    flags: SYN,
    reply: false,
    observedOn,
  });
  const retransmitAfterMs = protocol === "TCP" ? 1000 : 2000;

  if (outcome.verdict === "FAULT" || (outcome.verdict === "DROPPED" && outcome.direction === "EGRESS")) {
    if (!sourceNode) return;
    const reason = outcome.verdict === "FAULT" ? outcome.reason : outcome.dropReason;
    const deniedBy = outcome.verdict === "DROPPED" ? outcome.deniedBy : [];
    emit(context, context.random.int(0, 3), drop(request(sourceNode), details, "EGRESS", reason, deniedBy));
    emit(context, retransmitAfterMs, drop(request(sourceNode), details, "EGRESS", reason, deniedBy));
    return;
  }

  // Pod-to-pod on one node is only traced where it is delivered; everything else leaving a pod is
  // traced on the pod's node too.
  const tracedAtSource = isPod(source) && !(isPod(destination) && destination.node === sourceNode);
  const sent = () => {
    if (!tracedAtSource || !sourceNode) return;
    const point: ObservationPoint = isPod(destination)
      ? "TO_OVERLAY"
      : destination.kind === "host"
        ? "TO_HOST"
        : "TO_STACK";
    const allowedBy = outcome.verdict === "FORWARDED" ? outcome.egressAllowedBy : [];
    emit(context, context.random.int(0, 2), trace(request(sourceNode), details, "EGRESS", point, allowedBy));
  };
  sent();

  if (isPod(destination)) {
    if (outcome.verdict === "DROPPED") {
      emit(
        context,
        1,
        drop(request(destination.node), details, "INGRESS", outcome.dropReason, outcome.deniedBy),
      );
      context.at += retransmitAfterMs;
      sent();
      emit(
        context,
        1,
        drop(request(destination.node), details, "INGRESS", outcome.dropReason, outcome.deniedBy),
      );
      return;
    }
    emit(
      context,
      1,
      trace(request(destination.node), details, "INGRESS", "TO_ENDPOINT", outcome.ingressAllowedBy),
    );
    if (details.http) httpFlows(context, connection, request(destination.node), details.http);
  }

  const reply = (observedOn: string): Packet => ({
    from: destination,
    to: source,
    sourcePort: connection.port,
    destinationPort: sourcePort,
    protocol,
    flags: SYN_ACK,
    reply: true,
    observedOn,
  });
  if (isPod(source) && sourceNode) {
    emit(context, context.random.int(1, 25), trace(reply(sourceNode), details, "EGRESS", "TO_ENDPOINT"));
  } else if (destinationNode) {
    const point: ObservationPoint = source.kind === "host" ? "TO_HOST" : "TO_STACK";
    emit(context, context.random.int(0, 2), trace(reply(destinationNode), details, "INGRESS", point));
  }
}

/** The destination's L7 proxy records the request and, after the app answers, the response. */
function httpFlows(
  context: ExchangeContext,
  connection: TrafficConnection,
  request: Packet,
  http: NonNullable<ConnectionDetails["http"]>,
): void {
  const base = packetFields(request, {});
  const common = {
    Type: "L7" as const,
    event_type: { type: EVENT_L7 },
    traffic_direction: "INGRESS" as const,
  };
  emit(context, 1, {
    ...base,
    ...common,
    l4: { TCP: { source_port: request.sourcePort, destination_port: request.destinationPort } },
    is_reply: false,
    l7: { type: "REQUEST", http: { method: http.method, url: http.url, protocol: "HTTP/1.1" } },
    Summary: `HTTP/1.1 ${http.method} ${http.url}`,
  });
  const latencyMs = context.random.int(2, 180);
  emit(context, latencyMs, {
    ...base,
    ...common,
    IP: { source: connection.destination.ip, destination: connection.source.ip, ipVersion: "IPv4" },
    l4: { TCP: { source_port: request.destinationPort, destination_port: request.sourcePort } },
    source: endpointJson(connection.destination, request.observedOn),
    destination: endpointJson(connection.source, request.observedOn),
    is_reply: true,
    l7: {
      type: "RESPONSE",
      latency_ns: String(latencyMs * 1_000_000 + context.random.int(0, 999_999)),
      http: { code: http.code, method: http.method, url: http.url, protocol: "HTTP/1.1" },
    },
    Summary: `HTTP/1.1 ${http.code} ${latencyMs}ms (${http.method} ${http.url})`,
  });
}

const KUBE_DNS_SERVICE: HubbleService = { name: "kube-dns", namespace: "kube-system" };

/**
 * A lookup through Cilium's DNS proxy: the query leaves the client to the proxy, which records the
 * request and the answer. Returns whether the client got an answer.
 */
export function lookupFlows(
  context: ExchangeContext,
  client: DemoPodEndpoint,
  server: DemoPodEndpoint,
  name: string,
  answers: string[],
  outcome: VerdictDecision,
): boolean {
  const fqdn = name.endsWith(".") ? name : `${name}.`;
  const query: Packet = {
    from: client,
    to: server,
    sourcePort: context.random.int(32768, 60999),
    destinationPort: 53,
    protocol: "UDP",
    reply: false,
    observedOn: client.node,
  };
  const details = { service: KUBE_DNS_SERVICE };
  if (outcome.verdict === "DROPPED") {
    // Dropped by the client's egress on its node, or by the server's ingress on the server's node.
    const dropped: Packet = outcome.direction === "EGRESS" ? query : { ...query, observedOn: server.node };
    const dropOnce = () => drop(dropped, details, outcome.direction, outcome.dropReason, outcome.deniedBy);
    emit(context, 0, dropOnce());
    // The resolver's retry after its timeout.
    emit(context, 2000, dropOnce());
    return false;
  }
  emit(context, 0, trace(query, details, "EGRESS", "TO_PROXY", outcome.egressAllowedBy));
  const l7 = { Type: "L7" as const, event_type: { type: EVENT_L7 }, traffic_direction: "EGRESS" as const };
  emit(context, 0, {
    ...packetFields(query, details),
    ...l7,
    l7: { type: "REQUEST", dns: { query: fqdn, qtypes: ["A"], observation_source: "proxy" } },
    Summary: `DNS Query ${fqdn} A`,
  });
  const latencyMs = context.random.int(0, 3);
  const answer: Packet = {
    ...query,
    from: server,
    to: client,
    sourcePort: 53,
    destinationPort: query.sourcePort,
    reply: true,
  };
  emit(context, latencyMs, {
    ...packetFields(answer, details),
    ...l7,
    l7: {
      type: "RESPONSE",
      latency_ns: String(latencyMs * 1_000_000 + context.random.int(100_000, 999_999)),
      dns: {
        query: fqdn,
        ips: answers,
        ttl: 30,
        rcode: 0,
        qtypes: ["A"],
        rrtypes: ["A"],
        observation_source: "proxy",
      },
    },
    Summary: `DNS Answer "${answers.join(",")}" TTL: 30 (Proxy ${fqdn} A)`,
  });
  return true;
}
