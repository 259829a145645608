import "server-only";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import type { WireReader } from "./wire-reader";

// A bounded cache keyed by a range of bytes, for what repeats on the wire (a peer's endpoint, a
// policy): looking up hashes a sample of the bytes and compares the candidates natively, an
// order of magnitude cheaper than making a string of the bytes to key a Map with.

interface Entry<V> {
  readonly bytes: Uint8Array;
  readonly value: V;
  readonly next: Entry<V> | null;
}

/** Entries sharing one hash; beyond it the oldest is forgotten. */
const MAX_CHAIN = 4;
/** Bytes hashed at each end (identities, endpoint IDs and names' ends sit there) and in between. */
const EDGE_BYTES = 24;
const MIDDLE_SAMPLES = 48;

function sampleHash(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let hash = Math.imul(length, 0x9e3779b1);
  if (length <= 2 * EDGE_BYTES + MIDDLE_SAMPLES) {
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    return hash >>> 0;
  }
  const headEnd = start + EDGE_BYTES;
  const tailStart = end - EDGE_BYTES;
  for (let i = start; i < headEnd; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  const step = Math.floor((tailStart - headEnd) / MIDDLE_SAMPLES) || 1;
  for (let i = headEnd; i < tailStart; i += step) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  for (let i = tailStart; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  return hash >>> 0;
}

export class BytesCache<V> {
  private readonly entries: BoundedCache<number, Entry<V>>;

  constructor(capacity: number) {
    this.entries = new BoundedCache(capacity);
  }

  get(buf: Buffer, start: number, end: number): V | undefined {
    const length = end - start;
    let entry: Entry<V> | null | undefined = this.entries.get(sampleHash(buf, start, end));
    for (; entry; entry = entry.next) {
      if (entry.bytes.length === length && buf.compare(entry.bytes, 0, length, start, end) === 0) {
        return entry.value;
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
    const hash = sampleHash(buf, start, end);
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    this.entries.set(hash, { bytes, value, next: trimmed(this.entries.get(hash) ?? null) });
  }
}

function trimmed<V>(chain: Entry<V> | null): Entry<V> | null {
  let length = 0;
  for (let entry = chain; entry; entry = entry.next) length++;
  if (length < MAX_CHAIN) return chain;
  // Rebuild without the oldest (last) entry; chains are short, and this runs only on a miss.
  const kept: Entry<V>[] = [];
  for (let entry = chain; entry && kept.length < MAX_CHAIN - 1; entry = entry.next) kept.push(entry);
  return kept.reduceRight<Entry<V> | null>(
    (next, entry) => ({ bytes: entry.bytes, value: entry.value, next }),
    null,
  );
}
