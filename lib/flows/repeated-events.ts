import type { Flow } from "./flow";

// One packet is reported by several Cilium monitor events: a policy-verdict event and a drop
// notification for the same dropped SYN, a policy verdict and trace events at each observation
// point it passes, on the source node and again on the destination node. Counting each would count
// one connection attempt two to four times, so only the first report of a packet counts.

/** Reports of one packet arrive within microseconds; a retransmission comes a second or more later. */
export const SAME_PACKET_WINDOW_MS = 500;
export const DEFAULT_REPEATED_EVENTS_CAPACITY = 8_192;

interface Sighting {
  time: number;
  /** Which observer reported it: node, monitor event type and observation point. */
  node: string;
  eventType: Flow["eventType"];
  observationPoint: string | null;
}

/**
 * Recognises a flow that reports a packet another event already reported: the same addresses,
 * ports, protocol, TCP flags, verdict and L7 record type, from another observer (node, event type
 * or observation point), within SAME_PACKET_WINDOW_MS. The same observer reporting again is a new
 * packet (a retransmission, the next datagram). Memory is a fixed number of recent packets, the
 * first seen forgotten first.
 */
export class RepeatedEvents {
  private readonly seen = new Map<string, Sighting>();

  constructor(private readonly capacity = DEFAULT_REPEATED_EVENTS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
  }

  /** True when the flow repeats a packet already reported; the first report is remembered. */
  isRepeat(flow: Flow): boolean {
    const key = packetKey(flow);
    if (key === null) return false;
    const earlier = this.seen.get(key);
    if (earlier) {
      const otherObserver =
        earlier.node !== flow.node ||
        earlier.eventType !== flow.eventType ||
        earlier.observationPoint !== flow.observationPoint;
      if (otherObserver && Math.abs(flow.time - earlier.time) <= SAME_PACKET_WINDOW_MS) return true;
      earlier.time = flow.time;
      earlier.node = flow.node;
      earlier.eventType = flow.eventType;
      earlier.observationPoint = flow.observationPoint;
      return false;
    }
    this.seen.set(key, {
      time: flow.time,
      node: flow.node,
      eventType: flow.eventType,
      observationPoint: flow.observationPoint,
    });
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return false;
  }
}

/** Flag lists are shared per combination (tcpFlagsFromBits), so their text is worth keeping. */
const flagTexts = new WeakMap<readonly string[], string>();

function flagText(flags: readonly string[]): string {
  let text = flagTexts.get(flags);
  if (text === undefined) flagTexts.set(flags, (text = flags.join(",")));
  return text;
}

/** What identifies one packet across its reports; null when the flow names no addresses. */
function packetKey(flow: Flow): string | null {
  const source = flow.source.ip;
  const destination = flow.destination.ip;
  if (!source || !destination) return null;
  const l7 = flow.l7 ? flow.l7.type : "";
  return `${flow.protocol ?? ""}|${source}|${flow.sourcePort ?? ""}|${destination}|${flow.destinationPort ?? ""}|${flagText(flow.tcpFlags)}|${flow.verdict}|${l7}`;
}
