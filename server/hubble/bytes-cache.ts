import "server-only";
import type { WireReader } from "./wire-reader";

// A bounded cache keyed by a range of bytes, for what repeats on the wire (a peer's endpoint, a
// policy, a node name): looking up hashes the range's ends and compares the candidates natively,
// an order of magnitude cheaper than making a string of the bytes to key a Map with. Entries sit
// in a table of small buckets picked by the hash (no Map, nothing allocated on a hit); a full
// bucket forgets its least recently used entry.

/** Entries per bucket: ranges whose hashes pick one bucket; beyond it the least recently used is forgotten. */
const WAYS = 4;
/** Bytes hashed at each end of a longer range: identities, endpoint IDs and names' ends sit there. */
const EDGE_BYTES = 24;

/** The hash of the range's length and its first and last EDGE_BYTES bytes (all of a short range). */
function edgeHash(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let hash = Math.imul(length, 0x9e3779b1);
  if (length <= 2 * EDGE_BYTES) {
    let i = start;
    for (; i + 4 <= end; i += 4) {
      hash = Math.imul(
        hash ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)),
        0x01000193,
      );
    }
    for (; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  } else {
    const headEnd = start + EDGE_BYTES;
    for (let i = start; i < headEnd; i += 4) {
      hash = Math.imul(
        hash ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)),
        0x01000193,
      );
    }
    for (let i = end - EDGE_BYTES; i < end; i += 4) {
      hash = Math.imul(
        hash ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)),
        0x01000193,
      );
    }
  }
  return (hash ^ (hash >>> 15)) | 0;
}

/** Below this many bytes a loop compares faster than a call into Buffer.compare's native code. */
const NATIVE_COMPARE_BYTES = 64;

/** Whether `buf` holds `bytes` from `start` on (its length already checked). */
function sameBytes(buf: Buffer, start: number, bytes: Uint8Array): boolean {
  const length = bytes.length;
  if (length >= NATIVE_COMPARE_BYTES) return buf.compare(bytes, 0, length, start, start + length) === 0;
  for (let i = 0; i < length; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

export class BytesCache<V> {
  /** Per slot (bucket * WAYS + way, most recently used first): the entry's hash, bytes and value. */
  private readonly hashes: Int32Array;
  private readonly keys: (Uint8Array | undefined)[];
  private readonly values: (V | undefined)[];
  private readonly bucketMask: number;

  /** Holds at most `capacity` entries (rounded up to a power of two, at least WAYS). */
  constructor(capacity: number) {
    let buckets = 1;
    while (buckets * WAYS < capacity) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.hashes = new Int32Array(buckets * WAYS);
    this.keys = new Array<Uint8Array | undefined>(buckets * WAYS).fill(undefined);
    this.values = new Array<V | undefined>(buckets * WAYS).fill(undefined);
  }

  get(buf: Buffer, start: number, end: number): V | undefined {
    const hash = edgeHash(buf, start, end);
    const first = (hash & this.bucketMask) * WAYS;
    const length = end - start;
    for (let slot = first; slot < first + WAYS; slot++) {
      const bytes = this.keys[slot];
      if (bytes === undefined) return undefined;
      if (this.hashes[slot] === hash && bytes.length === length && sameBytes(buf, start, bytes)) {
        const value = this.values[slot];
        if (slot !== first) this.moveToFront(first, slot);
        return value;
      }
    }
    return undefined;
  }

  /**
   * The value of the length-delimited field at the reader's position: cached when the same bytes
   * were read before, else what `decode` reads up to the field's end (and now cached). Moves past it.
   */
  read(r: WireReader, decode: (r: WireReader, end: number) => V): V {
    const end = r.delimitedEnd();
    const start = r.pos;
    const known = this.get(r.buffer, start, end);
    if (known !== undefined) {
      r.pos = end;
      return known;
    }
    const value = decode(r, end);
    this.set(r.buffer, start, end, value);
    return value;
  }

  set(buf: Buffer, start: number, end: number, value: V): void {
    const hash = edgeHash(buf, start, end);
    const first = (hash & this.bucketMask) * WAYS;
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    // The bucket's last (least recently used) slot is given up; an equal range already held stays
    // behind the new one and ages out.
    this.hashes[first + WAYS - 1] = hash;
    this.keys[first + WAYS - 1] = bytes;
    this.values[first + WAYS - 1] = value;
    this.moveToFront(first, first + WAYS - 1);
  }

  private moveToFront(first: number, slot: number): void {
    const hash = this.hashes[slot]!;
    const bytes = this.keys[slot];
    const value = this.values[slot];
    for (let i = slot; i > first; i--) {
      this.hashes[i] = this.hashes[i - 1]!;
      this.keys[i] = this.keys[i - 1];
      this.values[i] = this.values[i - 1];
    }
    this.hashes[first] = hash;
    this.keys[first] = bytes;
    this.values[first] = value;
  }
}
