// A bounded table of recently used keys of three 32-bit words (packet-keys.ts), for the per-flow
// look-ups of the ingest: a key is found by hashing its words into a bucket of a few slots, with
// no string built and no Map touched, and a full bucket gives up its least recently used key.
// Callers keep what they know of each key in arrays indexed by its slot.

/** Words per key. */
export const KEY_WORDS = 3;
const WAYS = 4;

/** A key's words, written by packet-keys.ts and read by RecentKeys; reused from flow to flow. */
export type KeyWords = Int32Array;

export function keyWords(): KeyWords {
  return new Int32Array(KEY_WORDS);
}

function bucketHash(key: KeyWords): number {
  let hash = Math.imul(key[0]!, 0x9e3779b1) ^ Math.imul(key[1]!, 0x85ebca6b) ^ Math.imul(key[2]!, 0xc2b2ae35);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  return hash ^ (hash >>> 15);
}

export class RecentKeys {
  /** Slots in all: at most the capacity asked for. */
  readonly slots: number;
  private readonly ways: number;
  private readonly bucketMask: number;
  private readonly words: Int32Array;
  /** When each slot was last used (0: empty). */
  private readonly used: Float64Array;
  private clock = 0;
  private held = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    this.ways = Math.min(WAYS, capacity);
    let buckets = 1;
    while (buckets * 2 * this.ways <= capacity) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.slots = buckets * this.ways;
    this.words = new Int32Array(this.slots * KEY_WORDS);
    this.used = new Float64Array(this.slots);
  }

  /** Keys held now. */
  get size(): number {
    return this.held;
  }

  clear(): void {
    this.used.fill(0);
    this.held = 0;
  }

  /** The slot holding the key, or -1; finding it counts as a use. */
  find(key: KeyWords): number {
    const first = (bucketHash(key) & this.bucketMask) * this.ways;
    const words = this.words;
    const k0 = key[0]!;
    const k1 = key[1]!;
    const k2 = key[2]!;
    for (let slot = first; slot < first + this.ways; slot++) {
      const at = slot * KEY_WORDS;
      if (this.used[slot] !== 0 && words[at] === k0 && words[at + 1] === k1 && words[at + 2] === k2) {
        this.used[slot] = ++this.clock;
        return slot;
      }
    }
    return -1;
  }

  /** Adds a key that find() did not find: the slot it takes, its bucket's least recently used given up. */
  insert(key: KeyWords): number {
    const first = (bucketHash(key) & this.bucketMask) * this.ways;
    let slot = first;
    for (let candidate = first + 1; candidate < first + this.ways; candidate++) {
      if (this.used[candidate]! < this.used[slot]!) slot = candidate;
    }
    if (this.used[slot] === 0) this.held++;
    const at = slot * KEY_WORDS;
    this.words[at] = key[0]!;
    this.words[at + 1] = key[1]!;
    this.words[at + 2] = key[2]!;
    this.used[slot] = ++this.clock;
    return slot;
  }
}
