import "server-only";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import type { FlowRing } from "./flow-ring";

// What ServerStatus and GetNamespaces report beyond the ring's counters.

const MINUTE_NS = 60_000_000_000n;
const HOUR_MS = 3_600_000;

/**
 * Flows per second over the last minute, as Hubble computes it: when the ring has already
 * overwritten flows from within that minute, the rate covers only the time the ring still holds.
 */
export function flowsRate(ring: FlowRing, nowNs: bigint): number {
  const held = ring.snapshot();
  let windowStart = nowNs - MINUTE_NS;
  const oldest = held[0];
  if (oldest && ring.seen > ring.size && oldest.timeNs > windowStart) windowStart = oldest.timeNs;
  const count = held.filter((stored) => stored.timeNs >= windowStart).length;
  const seconds = Number(nowNs - windowStart) / 1e9;
  return seconds > 0 ? count / seconds : 0;
}

export interface SeenNamespace {
  cluster: string;
  namespace: string;
}

/** Namespaces of flows seen in the last hour, like Hubble's namespace manager; bounded by that hour. */
export class NamespaceTracker {
  private readonly lastSeenMs = new Map<string, number>();
  private lastPruneMs = 0;

  constructor(private readonly cluster: string) {}

  record(flow: HubbleFlowJson, nowMs: number): void {
    for (const namespace of [flow.source?.namespace, flow.destination?.namespace]) {
      if (namespace) this.lastSeenMs.set(namespace, nowMs);
    }
    if (nowMs - this.lastPruneMs > 60_000) this.prune(nowMs);
  }

  /** Sorted by cluster, then namespace. */
  list(nowMs: number): SeenNamespace[] {
    this.prune(nowMs);
    return [...this.lastSeenMs.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((namespace) => ({ cluster: this.cluster, namespace }));
  }

  private prune(nowMs: number): void {
    this.lastPruneMs = nowMs;
    for (const [namespace, seenMs] of this.lastSeenMs) {
      if (nowMs - seenMs > HOUR_MS) this.lastSeenMs.delete(namespace);
    }
  }
}
