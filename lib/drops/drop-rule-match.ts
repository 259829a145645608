import type { Flow, FlowPeer, FlowProtocol } from "@/lib/flows/flow";
import { flowRole } from "@/lib/flows/reply-inference";
import type { DropRule, PeerMatcher } from "./drop-classes";
import { cidrCovers } from "@/lib/policy/cidr";

/** A flow seen as a connection: who opened it, who answered, and the port it was opened to. */
export interface DropConnection {
  initiator: FlowPeer;
  responder: FlowPeer;
  port: number | null;
  protocol: FlowProtocol | null;
}

export function connectionOf(flow: Flow): DropConnection {
  // A reply travels from the responder back to the initiator; undo that to see the connection.
  // Flows without is_reply have their role inferred at ingest (lib/flows/reply-inference).
  if (flowRole(flow) === "reply") {
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
export function sidesOf(rule: DropRule, connection: DropConnection): { subject: FlowPeer; peer: FlowPeer } {
  return rule.orientation === "outbound"
    ? { subject: connection.initiator, peer: connection.responder }
    : { subject: connection.responder, peer: connection.initiator };
}

export function matchesRule(rule: DropRule, connection: DropConnection): boolean {
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
      return peer.reserved === "health" || (peer.ip !== null && cidrCovers(matcher.cidr, [], peer.ip));
    case "any-pod":
      return peer.namespace !== null;
  }
}
