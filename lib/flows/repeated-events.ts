import type { Flow } from "./flow";
import { AddressNumbers, packetKey } from "./packet-keys";
import { keyWords, RecentKeys } from "./recent-keys";

// One packet is reported by several Cilium monitor events: a policy-verdict event and a drop
// notification for the same dropped SYN, a policy verdict and trace events at each observation
// point it passes, on the source node and again on the destination node. Counting each would count
// one connection attempt two to four times, so only the first report of a packet counts.

/** Reports of one packet arrive within microseconds; a retransmission comes a second or more later. */
export const SAME_PACKET_WINDOW_MS = 500;
export const DEFAULT_REPEATED_EVENTS_CAPACITY = 8_192;

/**
 * Recognises a flow that reports a packet another event already reported: the same addresses,
 * ports, protocol, TCP flags, verdict and L7 record type, from another observer (node, event type
 * or observation point), within SAME_PACKET_WINDOW_MS. The same observer reporting again is a new
 * packet (a retransmission, the next datagram). Memory is a bounded number of recent packets, the
 * least recently seen forgotten first.
 */
export class RepeatedEvents {
  private readonly seen: RecentKeys;
  private readonly addresses = new AddressNumbers();
  private readonly key = keyWords();
  /** Per slot of `seen`, the last sighting: when, and which observer reported it (node, event type, point). */
  private readonly times: Float64Array;
  private readonly nodes: string[];
  private readonly eventTypes: Flow["eventType"][];
  private readonly observationPoints: (string | null)[];

  constructor(capacity = DEFAULT_REPEATED_EVENTS_CAPACITY) {
    this.seen = new RecentKeys(capacity);
    this.times = new Float64Array(this.seen.slots);
    this.nodes = new Array<string>(this.seen.slots).fill("");
    this.eventTypes = new Array<Flow["eventType"]>(this.seen.slots).fill("unknown");
    this.observationPoints = new Array<string | null>(this.seen.slots).fill(null);
  }

  /** True when the flow repeats a packet already reported; the first report is remembered. */
  isRepeat(flow: Flow): boolean {
    if (this.addresses.full) {
      this.addresses.clear();
      this.seen.clear();
    }
    if (!packetKey(flow, this.addresses, this.key)) return false;
    let slot = this.seen.find(this.key);
    if (slot !== -1) {
      const otherObserver =
        this.nodes[slot] !== flow.node ||
        this.eventTypes[slot] !== flow.eventType ||
        this.observationPoints[slot] !== flow.observationPoint;
      if (otherObserver && Math.abs(flow.time - this.times[slot]!) <= SAME_PACKET_WINDOW_MS) return true;
    } else slot = this.seen.insert(this.key);
    this.times[slot] = flow.time;
    this.nodes[slot] = flow.node;
    this.eventTypes[slot] = flow.eventType;
    this.observationPoints[slot] = flow.observationPoint;
    return false;
  }
}
