import type { Flow, FlowPeer, FlowProtocol } from "@/lib/flows/flow";
import type { DropRule, PeerMatcher } from "./drop-classes";

/** A flow seen as a connection: who opened it, who answered, and the port it was opened to. */
export interface Connection {
  initiator: FlowPeer;
  responder: FlowPeer;
  port: number | null;
  protocol: FlowProtocol | null;
}

export function connectionOf(flow: Flow): Connection {
  // A reply travels from the responder back to the initiator; undo that to see the connection.
  if (flow.isReply === true) {
    return {
      initiator: flow.destination,
      responder: flow.source,
      port: flow.sourcePort,
      protocol: flow.protocol,
    };
  }
  return {
    initiator: flow.source,
    responder: flow.destination,
    port: flow.destinationPort,
    protocol: flow.protocol,
  };
}

/** The namespace a rule's fix belongs to (null when that side is not a pod), and the rule's peer. */
export function sidesOf(rule: DropRule, connection: Connection): { subject: FlowPeer; peer: FlowPeer } {
  return rule.orientation === "outbound"
    ? { subject: connection.initiator, peer: connection.responder }
    : { subject: connection.responder, peer: connection.initiator };
}

export function matchesRule(rule: DropRule, connection: Connection): boolean {
  const { subject, peer } = sidesOf(rule, connection);
  if (subject.namespace === null) return false;
  if (rule.ports && (connection.port === null || !rule.ports.includes(connection.port))) return false;
  if (rule.protocols && (connection.protocol === null || !rule.protocols.includes(connection.protocol)))
    return false;
  return matchesPeer(rule.peer, peer);
}

export function matchesPeer(matcher: PeerMatcher, peer: FlowPeer): boolean {
  switch (matcher.kind) {
    case "pods":
      return (
        peer.namespace === matcher.namespace &&
        Object.entries(matcher.labels).every(([key, value]) => peer.labels[key] === value)
      );
    case "entity":
      return peer.reserved === matcher.entity;
    case "world":
      return peer.reserved === "world";
    case "health":
      return peer.reserved === "health" || (peer.ip !== null && ipv4InCidr(peer.ip, matcher.cidr));
    case "any-pod":
      return peer.namespace !== null;
  }
}

/** IPv4 only; an IPv6 address or CIDR never matches. */
export function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const address = ipv4ToNumber(ip);
  const network = base === undefined ? null : ipv4ToNumber(base);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (address === null || network === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === (network & mask) >>> 0;
}

function ipv4ToNumber(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}
