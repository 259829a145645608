import { VERDICTS, type Verdict } from "@/lib/flows/flow";
import type { VerdictTally } from "@/lib/flows/verdict-counts";

interface Tier {
  bucketMs: number;
  /** Bucket number (time / bucketMs) held in each slot; -1 when empty. */
  epochs: Int32Array;
  /** One row of counts per verdict index, allocated when that verdict is first seen. */
  rows: (Uint32Array | undefined)[];
}

export interface TierSpec {
  bucketMs: number;
  /** Longest window this tier answers; it keeps one bucket more for the partly covered oldest one. */
  spanMs: number;
}

/**
 * Short windows need fine buckets, long ones only coarse buckets: 5 s buckets answer windows up
 * to 5 minutes, 1 minute buckets up to an hour. A window sums whole buckets, so it may include up
 * to one bucket of older flows at its far end (≤ 5 s or ≤ 1 min).
 */
export const DEFAULT_TIERS: readonly TierSpec[] = [
  { bucketMs: 5_000, spanMs: 5 * 60_000 },
  { bucketMs: 60_000, spanMs: 60 * 60_000 },
];

export const VERDICT_INDEX: Readonly<Record<Verdict, number>> = Object.fromEntries(
  VERDICTS.map((verdict, index) => [verdict, index]),
) as Record<Verdict, number>;

/**
 * Counts per verdict in rings of time buckets. Memory is fixed by the tiers, however many flows
 * are added; buckets are reused as time moves on, which is how old counts expire.
 */
export class WindowedTally {
  private readonly tiers: Tier[];

  constructor(specs: readonly TierSpec[] = DEFAULT_TIERS) {
    this.tiers = specs.map((spec) => {
      const slots = Math.ceil(spec.spanMs / spec.bucketMs) + 1;
      return { bucketMs: spec.bucketMs, epochs: new Int32Array(slots).fill(-1), rows: [] };
    });
  }

  add(time: number, verdictIndex: number): void {
    for (const tier of this.tiers) {
      const epoch = Math.floor(time / tier.bucketMs);
      const slots = tier.epochs.length;
      const slot = epoch % slots;
      const held = tier.epochs[slot]!;
      if (held > epoch) continue; // the slot already holds a newer bucket: this flow is too old
      if (held !== epoch) {
        tier.epochs[slot] = epoch;
        for (const row of tier.rows) if (row) row[slot] = 0;
      }
      const row = (tier.rows[verdictIndex] ??= new Uint32Array(slots));
      row[slot]! += 1;
    }
  }

  /** Counts over [now - windowMs, now], from the finest tier that spans the window. */
  sum(now: number, windowMs: number): VerdictTally {
    const tier = this.tiers.find((t) => (t.epochs.length - 1) * t.bucketMs >= windowMs) ?? this.tiers.at(-1)!;
    const fromEpoch = Math.floor((now - windowMs) / tier.bucketMs);
    const toEpoch = Math.floor(now / tier.bucketMs);
    const tally: VerdictTally = {};
    tier.rows.forEach((row, verdictIndex) => {
      if (!row) return;
      let total = 0;
      for (let slot = 0; slot < row.length; slot++) {
        const epoch = tier.epochs[slot]!;
        if (epoch >= fromEpoch && epoch <= toEpoch) total += row[slot]!;
      }
      if (total > 0) tally[VERDICTS[verdictIndex]!] = total;
    });
    return tally;
  }
}
