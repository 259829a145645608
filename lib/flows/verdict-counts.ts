import type { Flow, Verdict } from "./flow";

export type VerdictTally = Partial<Record<Verdict, number>>;

export interface VerdictCounterOptions {
  bucketMs: number;
  /** How far back counts are kept; older buckets are discarded. */
  retentionMs: number;
  /** Distinct namespaces tracked; flows from further namespaces are counted under OVERFLOW_NAMESPACE. */
  maxNamespaces: number;
}

export const OVERFLOW_NAMESPACE = "(other namespaces)";
const NO_NAMESPACE = "(outside the cluster)";

const DEFAULTS: VerdictCounterOptions = { bucketMs: 10_000, retentionMs: 60 * 60_000, maxNamespaces: 5_000 };

interface Bucket {
  start: number;
  byNamespace: Map<string, VerdictTally>;
}

/**
 * Flow counts per namespace and verdict in fixed time buckets. Memory is bounded by
 * retention / bucket size × tracked namespaces, however many flows are counted.
 */
export class VerdictCounter {
  private readonly options: VerdictCounterOptions;
  private readonly buckets: Bucket[] = [];
  private readonly knownNamespaces = new Set<string>();

  constructor(options: Partial<VerdictCounterOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  add(flow: Flow): void {
    const bucket = this.bucketFor(flow.time);
    if (!bucket) return;
    const namespaces = new Set([
      flow.source.namespace ?? NO_NAMESPACE,
      flow.destination.namespace ?? NO_NAMESPACE,
    ]);
    for (const namespace of namespaces) {
      const key = this.trackedName(namespace);
      const tally = bucket.byNamespace.get(key) ?? {};
      tally[flow.verdict] = (tally[flow.verdict] ?? 0) + 1;
      bucket.byNamespace.set(key, tally);
    }
  }

  /** Counts per namespace over [now - windowMs, now]. */
  countsSince(now: number, windowMs: number): Map<string, VerdictTally> {
    const from = now - windowMs;
    const result = new Map<string, VerdictTally>();
    for (const bucket of this.buckets) {
      if (bucket.start + this.options.bucketMs <= from || bucket.start > now) continue;
      for (const [namespace, tally] of bucket.byNamespace) {
        const sum = result.get(namespace) ?? {};
        for (const [verdict, n] of Object.entries(tally) as [Verdict, number][]) {
          sum[verdict] = (sum[verdict] ?? 0) + n;
        }
        result.set(namespace, sum);
      }
    }
    return result;
  }

  private trackedName(namespace: string): string {
    if (this.knownNamespaces.has(namespace)) return namespace;
    if (this.knownNamespaces.size >= this.options.maxNamespaces) return OVERFLOW_NAMESPACE;
    this.knownNamespaces.add(namespace);
    return namespace;
  }

  private bucketFor(time: number): Bucket | undefined {
    const start = Math.floor(time / this.options.bucketMs) * this.options.bucketMs;
    const newest = this.buckets.at(-1);
    if (newest && start < newest.start - this.options.retentionMs) return undefined;
    if (newest?.start === start) return newest;
    let bucket = this.buckets.find((b) => b.start === start);
    if (!bucket) {
      bucket = { start, byNamespace: new Map() };
      this.buckets.push(bucket);
      this.buckets.sort((a, b) => a.start - b.start);
      const latest = this.buckets.at(-1)!.start;
      while (this.buckets.length > 0 && this.buckets[0]!.start < latest - this.options.retentionMs) {
        this.buckets.shift();
      }
    }
    return bucket;
  }
}
