import { VERDICTS, type Verdict } from "@/lib/flows/flow";
import type { VerdictTally } from "@/lib/flows/verdict-counts";

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

interface TierLayout {
  bucketMs: number;
  slots: number;
  /** Where the tier's slots start in a block. */
  offset: number;
}

function layoutOf(specs: readonly TierSpec[]): TierLayout[] {
  let offset = 0;
  return specs.map((spec) => {
    const slots = Math.ceil(spec.spanMs / spec.bucketMs) + 1;
    const tier = { bucketMs: spec.bucketMs, slots, offset };
    offset += slots;
    return tier;
  });
}

/**
 * Storage for many tallies of the same tiers: blocks of 32-bit counters in large slabs, handed
 * out and taken back as tallies come and go. A graph whose edges churn then neither allocates
 * several small typed arrays per edge nor fragments native memory with them; the slabs stay,
 * bounded by the most tallies alive at once.
 */
export class TallyArena {
  readonly tiers: readonly TierLayout[];
  /** Counters per block: the slots of all tiers. */
  readonly blockLength: number;
  private readonly slabs: Uint32Array[] = [];
  /** The same slabs read as signed numbers, for bucket epochs. */
  private readonly signedSlabs: Int32Array[] = [];
  private readonly free: number[] = [];
  private blocks = 0;

  constructor(
    specs: readonly TierSpec[] = DEFAULT_TIERS,
    private readonly blocksPerSlab = 1_024,
  ) {
    this.tiers = layoutOf(specs);
    this.blockLength = this.tiers.reduce((sum, tier) => sum + tier.slots, 0);
  }

  /** A zeroed block. */
  allocate(): number {
    const block = this.free.pop() ?? this.blocks++;
    const slab = Math.floor(block / this.blocksPerSlab);
    while (this.slabs.length <= slab) {
      const counters = new Uint32Array(this.blocksPerSlab * this.blockLength);
      this.slabs.push(counters);
      this.signedSlabs.push(new Int32Array(counters.buffer));
    }
    return block;
  }

  /** Takes a block back; its counters are cleared for the next tally. */
  release(block: number): void {
    const offset = this.offset(block);
    this.counters(block).fill(0, offset, offset + this.blockLength);
    this.free.push(block);
  }

  /** The counters of the block's slab (the block starts at offset(block)). */
  counters(block: number): Uint32Array {
    return this.slabs[Math.floor(block / this.blocksPerSlab)]!;
  }

  /** The block's slab read as signed numbers, for bucket epochs. */
  signed(block: number): Int32Array {
    return this.signedSlabs[Math.floor(block / this.blocksPerSlab)]!;
  }

  offset(block: number): number {
    return (block % this.blocksPerSlab) * this.blockLength;
  }

  /** Blocks handed out and not taken back. */
  get used(): number {
    return this.blocks - this.free.length;
  }
}

const NO_BLOCK = -1;

/**
 * Counts per verdict in rings of time buckets. Memory is fixed by the tiers, however many flows
 * are added; buckets are reused as time moves on, which is how old counts expire. Counters live
 * in an arena's blocks: one for the bucket epochs, one per verdict seen; release() returns them.
 */
export class WindowedTally {
  private readonly arena: TallyArena;
  private readonly epochBlock: number;
  /** Per verdict index, its block, or NO_BLOCK until the verdict is first counted. */
  private readonly rowBlocks: number[];

  /**
   * Tiers for a tally of its own, or the arena (and its tiers) to share with other tallies; `rows`
   * counters per bucket (one per verdict unless told).
   */
  constructor(tiersOrArena: readonly TierSpec[] | TallyArena = DEFAULT_TIERS, rows = VERDICTS.length) {
    this.rowBlocks = new Array<number>(rows).fill(NO_BLOCK);
    this.arena =
      tiersOrArena instanceof TallyArena ? tiersOrArena : new TallyArena(tiersOrArena, VERDICTS.length + 1);
    this.epochBlock = this.arena.allocate();
    const base = this.arena.offset(this.epochBlock);
    this.arena.signed(this.epochBlock).fill(-1, base, base + this.arena.blockLength);
  }

  add(time: number, verdictIndex: number): void {
    const arena = this.arena;
    const epochs = arena.signed(this.epochBlock);
    const epochBase = arena.offset(this.epochBlock);
    for (const tier of arena.tiers) {
      const epoch = Math.floor(time / tier.bucketMs);
      if (epoch < 0) continue; // before 1970: no slot holds it
      const slot = tier.offset + (epoch % tier.slots);
      const held = epochs[epochBase + slot]!;
      if (held > epoch) continue; // the slot already holds a newer bucket: this flow is too old
      if (held !== epoch) {
        epochs[epochBase + slot] = epoch;
        for (const block of this.rowBlocks) {
          if (block !== NO_BLOCK) arena.counters(block)[arena.offset(block) + slot] = 0;
        }
      }
      let block = this.rowBlocks[verdictIndex]!;
      if (block === NO_BLOCK) this.rowBlocks[verdictIndex] = block = arena.allocate();
      arena.counters(block)[arena.offset(block) + slot]! += 1;
    }
  }

  /** Counts per verdict over [now - windowMs, now], from the finest tier that spans the window. */
  sum(now: number, windowMs: number): VerdictTally {
    const tally: VerdictTally = {};
    this.sumRows(now, windowMs).forEach((total, verdictIndex) => {
      if (total > 0) tally[VERDICTS[verdictIndex]!] = total;
    });
    return tally;
  }

  /** Counts per row over [now - windowMs, now]. */
  sumRows(now: number, windowMs: number): number[] {
    const arena = this.arena;
    const tier = arena.tiers.find((t) => (t.slots - 1) * t.bucketMs >= windowMs) ?? arena.tiers.at(-1)!;
    const fromEpoch = Math.floor((now - windowMs) / tier.bucketMs);
    const toEpoch = Math.floor(now / tier.bucketMs);
    const epochs = arena.signed(this.epochBlock);
    const epochBase = arena.offset(this.epochBlock) + tier.offset;
    const totals = new Array<number>(this.rowBlocks.length).fill(0);
    this.rowBlocks.forEach((block, row) => {
      if (block === NO_BLOCK) return;
      const counters = arena.counters(block);
      const base = arena.offset(block) + tier.offset;
      let total = 0;
      for (let slot = 0; slot < tier.slots; slot++) {
        const epoch = epochs[epochBase + slot]!;
        if (epoch >= fromEpoch && epoch <= toEpoch) total += counters[base + slot]!;
      }
      totals[row] = total;
    });
    return totals;
  }

  /** Gives the counters back to the arena; the tally must not be used afterwards. */
  release(): void {
    this.arena.release(this.epochBlock);
    for (const block of this.rowBlocks) if (block !== NO_BLOCK) this.arena.release(block);
    this.rowBlocks.fill(NO_BLOCK);
  }
}
