import type { Flow } from "@/lib/flows/flow";
import { OVERFLOW_NAMESPACE } from "@/lib/flows/verdict-counts";
import { isPolicyDropReason, isUnreportedDropReason } from "@/lib/drops/drop-reasons";

export const OUTSIDE_NAMESPACES = "(outside the cluster)";

/** Where the drop happened: the sender's namespace for egress, the receiver's for ingress. */
export function dropNamespace(flow: Flow): string {
  const namespace =
    flow.direction === "ingress"
      ? flow.destination.namespace
      : flow.direction === "egress"
        ? flow.source.namespace
        : (flow.source.namespace ?? flow.destination.namespace);
  return namespace ?? OUTSIDE_NAMESPACES;
}

/** "policy" (a policy change fixes it), "unreported" (Hubble gave no reason) or "datapath". */
export function dropClass(reason: string | null): "policy" | "unreported" | "datapath" {
  if (isPolicyDropReason(reason)) return "policy";
  if (isUnreportedDropReason(reason)) return "unreported";
  return "datapath";
}

/**
 * Keeps a label's distinct values bounded (every value is a time series in Prometheus): the first
 * `max` values seen keep their name, later ones share OVERFLOW_NAMESPACE's.
 */
export class LabelCap {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly overflow = OVERFLOW_NAMESPACE,
  ) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

/**
 * Counts the gaps of a flow stream from its status, which keeps only the latest gaps and merges
 * overlapping ones: a gap is new when its start was not seen before (a merge keeps the start).
 */
export class GapTally {
  private readonly starts = new Set<number>();
  private total = 0;

  /** The number of gaps seen so far, after looking at `gaps`. */
  observe(gaps: readonly { from: number }[]): number {
    for (const gap of gaps) {
      if (this.starts.has(gap.from)) continue;
      this.starts.add(gap.from);
      this.total++;
    }
    // Forget starts that fell out of the status's list; they cannot come back.
    const listed = new Set(gaps.map((gap) => gap.from));
    for (const start of this.starts) if (!listed.has(start)) this.starts.delete(start);
    return this.total;
  }
}
