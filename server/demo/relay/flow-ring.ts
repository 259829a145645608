import "server-only";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { parseTimestamp } from "@/lib/hubble/timestamp";

// The demo relay's flow store: like Hubble's ring buffer, a fixed number of the latest flows, so
// memory stays bounded however long the demo runs. Followers subscribe to flows as they arrive.

export const DEFAULT_RING_CAPACITY = 8192;

export interface StoredFlow {
  /** Monotonic, starting at 1; tells followers where history ends and live flows begin. */
  readonly seq: number;
  readonly flow: HubbleFlowJson;
  /** The flow's time in nanoseconds since the epoch, for since/until comparisons. */
  readonly timeNs: bigint;
  /** The GetFlowsResponse carrying the flow, encoded once for every call that sends it. */
  readonly encoded: Buffer | null;
}

/** Encodes the GetFlowsResponse of a flow. */
export type FlowEncoder = (flow: HubbleFlowJson) => Buffer;

export type FlowListener = (stored: StoredFlow) => void;

/** Nanoseconds since the epoch of an RFC 3339 time, or null when the text is not one. */
export function rfc3339ToNanos(text: string): bigint | null {
  const timestamp = parseTimestamp(text);
  return timestamp === null ? null : BigInt(timestamp.seconds) * 1_000_000_000n + BigInt(timestamp.nanos);
}

export class FlowRing {
  readonly capacity: number;
  private readonly slots: (StoredFlow | undefined)[];
  private written = 0;
  private readonly listeners = new Set<FlowListener>();

  constructor(
    capacity = DEFAULT_RING_CAPACITY,
    private readonly encode: FlowEncoder | null = null,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`ring capacity must be a positive integer`);
    this.capacity = capacity;
    this.slots = new Array<StoredFlow | undefined>(capacity);
  }

  /** Flows currently held. */
  get size(): number {
    return Math.min(this.written, this.capacity);
  }

  /** Flows ever pushed, including those overwritten since. */
  get seen(): number {
    return this.written;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Stores the flow, overwriting the oldest when full, and hands it to every subscriber. */
  push(flow: HubbleFlowJson): StoredFlow {
    const timeNs = rfc3339ToNanos(flow.time);
    if (timeNs === null) throw new Error(`flow time is not an RFC 3339 timestamp: "${flow.time}"`);
    const encoded = this.encode ? this.encode(flow) : null;
    const stored: StoredFlow = { seq: this.written + 1, flow, timeNs, encoded };
    this.slots[this.written % this.capacity] = stored;
    this.written += 1;
    for (const listener of [...this.listeners]) listener(stored);
    return stored;
  }

  /** The held flows, oldest first. */
  snapshot(): StoredFlow[] {
    const held: StoredFlow[] = [];
    for (let seq = this.written - this.size; seq < this.written; seq++) {
      const stored = this.slots[seq % this.capacity];
      if (stored) held.push(stored);
    }
    return held;
  }

  /** Calls `listener` with every flow pushed from now on, until the returned function is called. */
  subscribe(listener: FlowListener): () => void {
    const subscription: FlowListener = (stored) => listener(stored);
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }
}
