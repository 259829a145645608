import { VERDICTS, type Flow, type Verdict } from "./flow";

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

const DEFAULT_COUNTER_OPTIONS: VerdictCounterOptions = {
  bucketMs: 10_000,
  retentionMs: 60 * 60_000,
  maxNamespaces: 5_000,
};

interface Bucket {
  start: number;
  /** Per verdict index, counts by namespace index; a row is allocated when its verdict is first counted. */
  rows: (Uint32Array | undefined)[];
}

const VERDICT_NUMBER: Readonly<Record<Verdict, number>> = Object.fromEntries(
  VERDICTS.map((verdict, index) => [verdict, index]),
) as Record<Verdict, number>;
const MIN_ROW_LENGTH = 64;

/**
 * Flow counts per namespace and verdict in fixed time buckets. Memory is bounded by
 * retention / bucket size × tracked namespaces, however many flows are counted; counts sit in
 * typed arrays indexed by namespace, four bytes per namespace and verdict seen in a bucket.
 */
export class VerdictCounter {
  private readonly options: VerdictCounterOptions;
  private readonly buckets: Bucket[] = [];
  private readonly namespaceIndex = new Map<string, number>();
  private readonly namespaceNames: string[] = [];

  constructor(options: Partial<VerdictCounterOptions> = {}) {
    this.options = { ...DEFAULT_COUNTER_OPTIONS, ...options };
  }

  add(flow: Flow): void {
    const bucket = this.bucketFor(flow.time);
    if (!bucket) return;
    const verdict = VERDICT_NUMBER[flow.verdict] ?? VERDICT_NUMBER.UNKNOWN;
    const source = flow.source.namespace ?? NO_NAMESPACE;
    const destination = flow.destination.namespace ?? NO_NAMESPACE;
    // A flow counts once per namespace it touches; two untracked ones count twice in the overflow.
    this.count(bucket, verdict, this.trackedIndex(source));
    if (destination !== source) this.count(bucket, verdict, this.trackedIndex(destination));
  }

  /** Counts per namespace over [now - windowMs, now]. */
  countsSince(now: number, windowMs: number): Map<string, VerdictTally> {
    const from = now - windowMs;
    const namespaces = this.namespaceNames.length;
    const totals: (Float64Array | undefined)[] = [];
    for (const bucket of this.buckets) {
      if (bucket.start + this.options.bucketMs <= from || bucket.start > now) continue;
      bucket.rows.forEach((row, verdict) => {
        if (!row) return;
        const total = (totals[verdict] ??= new Float64Array(namespaces));
        for (let i = 0; i < row.length && i < namespaces; i++) total[i]! += row[i]!;
      });
    }
    const result = new Map<string, VerdictTally>();
    for (let i = 0; i < namespaces; i++) {
      let tally: VerdictTally | undefined;
      totals.forEach((total, verdict) => {
        if (total && total[i]! > 0) (tally ??= {})[VERDICTS[verdict]!] = total[i]!;
      });
      if (tally) result.set(this.namespaceNames[i]!, tally);
    }
    return result;
  }

  private count(bucket: Bucket, verdict: number, namespace: number): void {
    let row = bucket.rows[verdict];
    if (!row || row.length <= namespace) {
      let length = row?.length ?? MIN_ROW_LENGTH;
      while (length <= namespace) length *= 2;
      const grown = new Uint32Array(length);
      if (row) grown.set(row);
      bucket.rows[verdict] = row = grown;
    }
    row[namespace]! += 1;
  }

  private trackedIndex(namespace: string): number {
    const known = this.namespaceIndex.get(namespace);
    if (known !== undefined) return known;
    const name = this.namespaceIndex.size >= this.options.maxNamespaces ? OVERFLOW_NAMESPACE : namespace;
    let index = this.namespaceIndex.get(name);
    if (index === undefined) {
      index = this.namespaceNames.length;
      this.namespaceNames.push(name);
      this.namespaceIndex.set(name, index);
    }
    return index;
  }

  private bucketFor(time: number): Bucket | undefined {
    const start = Math.floor(time / this.options.bucketMs) * this.options.bucketMs;
    const newest = this.buckets.at(-1);
    if (newest && start < newest.start - this.options.retentionMs) return undefined;
    if (newest?.start === start) return newest;
    let bucket = this.buckets.find((b) => b.start === start);
    if (!bucket) {
      bucket = { start, rows: [] };
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
