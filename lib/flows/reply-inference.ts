import type { Flow } from "./flow";
import { AddressNumbers, conversationKey } from "./packet-keys";
import { keyWords, RecentKeys } from "./recent-keys";

// Cilium leaves `is_reply` out at several trace points and on drops (17 of the 39 real lines in
// the shared captures have none), so "not known to be a reply" must not be read as "a request":
// a SYN-ACK drawn as a request becomes an edge to the client's ephemeral port. This module decides
// from what the packet and the conversation so far say, and says "unknown" when they say nothing.

/** What a flow is within its connection. */
export type FlowRole = "request" | "reply" | "unknown";

/**
 * The lowest port kernels hand out for outgoing connections (Linux's default range starts at
 * 32768; IANA's at 49152). A port at or above it on one side only is the client's.
 */
export const EPHEMERAL_PORT_MIN = 32_768;
/** Ports below this are IANA's well-known (system) ports, always a service's. */
const WELL_KNOWN_PORT_MAX = 1_023;

export function isEphemeralPort(port: number | null): boolean {
  return port !== null && port >= EPHEMERAL_PORT_MIN;
}

/** The role the relay reported, or inference filled in (null: unknown). */
export function flowRole(flow: Flow): FlowRole {
  return flow.isReply === true ? "reply" : flow.isReply === false ? "request" : "unknown";
}

/**
 * A reply that was let through: its request already stands for the connection, so the views do
 * not count it as a flow of its own (counting both would double every connection). A reply that
 * was dropped, audited or failed is news and is counted.
 */
export function isEchoReply(flow: Flow): boolean {
  return (
    flow.isReply === true &&
    flow.verdict !== "DROPPED" &&
    flow.verdict !== "ERROR" &&
    flow.verdict !== "AUDIT"
  );
}

/** The role a TCP handshake packet shows: SYN opens, SYN-ACK answers. */
export function roleFromFlags(flow: Flow): FlowRole {
  if (flow.protocol !== "TCP" || !flow.tcpFlags.includes("SYN")) return "unknown";
  return flow.tcpFlags.includes("ACK") ? "reply" : "request";
}

/** The role the ports show: the side holding the service port (not ephemeral, or well-known) answers. */
export function roleFromPorts(flow: Flow): FlowRole {
  const from = flow.sourcePort;
  const to = flow.destinationPort;
  if (from === null || to === null) return "unknown";
  if (isEphemeralPort(to) && !isEphemeralPort(from)) return "reply";
  if (isEphemeralPort(from) && !isEphemeralPort(to)) return "request";
  if (from <= WELL_KNOWN_PORT_MAX && to > WELL_KNOWN_PORT_MAX) return "reply";
  if (to <= WELL_KNOWN_PORT_MAX && from > WELL_KNOWN_PORT_MAX) return "request";
  return "unknown";
}

export const DEFAULT_CONVERSATION_CAPACITY = 16_384;

/**
 * Infers the role of flows that arrive without `is_reply`, remembering the connections it has
 * seen opened (a bounded number, the least recently seen forgotten first) so that an ACK back to
 * the port a peer opened from reads as the reply it is.
 */
export class ReplyInference {
  /** Connections seen, keyed by their request's direction; in order of first sighting. */
  private readonly opened: RecentKeys;
  private readonly addresses = new AddressNumbers();
  private readonly key = keyWords();

  constructor(capacity = DEFAULT_CONVERSATION_CAPACITY) {
    this.opened = new RecentKeys(capacity);
  }

  /**
   * The flow's role. A flow the relay did not mark gets `isReply` set when the evidence decides,
   * and `replyInferred` so views can say the relay did not.
   */
  classify(flow: Flow): FlowRole {
    if (this.addresses.full) {
      this.addresses.clear();
      this.opened.clear();
    }
    let role = flowRole(flow);
    if (role === "unknown") role = roleFromFlags(flow);
    if (role === "unknown") {
      if (this.seen(flow, true)) role = "reply";
      else if (this.seen(flow, false)) role = "request";
      else role = roleFromPorts(flow);
    }
    if (role === "unknown") return role;
    if (flow.isReply === null) {
      flow.isReply = role === "reply";
      flow.replyInferred = true;
    }
    // The connection, in its request's direction, is remembered (a use, if already known).
    if (
      conversationKey(flow, this.addresses, role === "reply", this.key) &&
      this.opened.find(this.key) === -1
    )
      this.opened.insert(this.key);
    return role;
  }

  /** Connections remembered now. */
  get size(): number {
    return this.opened.size;
  }

  /** Whether the flow's connection was seen opened from its source (or, `reversed`, its destination). */
  private seen(flow: Flow, reversed: boolean): boolean {
    return conversationKey(flow, this.addresses, reversed, this.key) && this.opened.find(this.key) !== -1;
  }
}
