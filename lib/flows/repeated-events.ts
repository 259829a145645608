import type { Flow } from "./flow";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import { AddressNumbers, packetKey } from "./packet-keys";

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
 * packet (a retransmission, the next datagram). Memory is a bounded number of recent packets, the
 * least recently seen forgotten first.
 */
export class RepeatedEvents {
  private readonly seen: BoundedCache<string, Sighting>;
  private readonly addresses = new AddressNumbers();

  constructor(capacity = DEFAULT_REPEATED_EVENTS_CAPACITY) {
    this.seen = new BoundedCache(capacity);
  }

  /** True when the flow repeats a packet already reported; the first report is remembered. */
  isRepeat(flow: Flow): boolean {
    if (this.addresses.full) {
      this.addresses.clear();
      this.seen.clear();
    }
    const key = packetKey(flow, this.addresses);
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
    return false;
  }
}
