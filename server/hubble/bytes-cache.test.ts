import { describe, expect, it } from "vitest";
import { BytesCache } from "./bytes-cache";

/** 400 bytes that differ only at `at` — a position the sampled hash skips, so they collide. */
function lookalike(value: number, at = 25): Buffer {
  const bytes = Buffer.alloc(400, 7);
  bytes[at] = value;
  return bytes;
}

describe("BytesCache", () => {
  it("finds a value by the bytes of a range, wherever they sit in a buffer", () => {
    const cache = new BytesCache<string>(16);
    const message = Buffer.from("xxhelloyy");
    cache.set(message, 2, 7, "greeting");
    expect(cache.get(Buffer.from("hello"), 0, 5)).toBe("greeting");
    expect(cache.get(Buffer.from("..hello"), 2, 7)).toBe("greeting");
    expect(cache.get(Buffer.from("hellO"), 0, 5)).toBeUndefined();
    expect(cache.get(Buffer.from("hell"), 0, 4)).toBeUndefined();
  });

  it("keeps its own copy, not the caller's buffer", () => {
    const cache = new BytesCache<number>(16);
    const buffer = Buffer.from("abc");
    cache.set(buffer, 0, 3, 1);
    buffer.write("xyz");
    expect(cache.get(Buffer.from("abc"), 0, 3)).toBe(1);
  });

  it("tells apart ranges whose sampled hash is the same", () => {
    const cache = new BytesCache<number>(16);
    for (let value = 0; value < 3; value++) cache.set(lookalike(value), 0, 400, value);
    for (let value = 0; value < 3; value++) expect(cache.get(lookalike(value), 0, 400)).toBe(value);
  });

  it("forgets the oldest of too many colliding ranges rather than growing", () => {
    const cache = new BytesCache<number>(16);
    for (let value = 0; value < 10; value++) cache.set(lookalike(value), 0, 400, value);
    expect(cache.get(lookalike(9), 0, 400)).toBe(9);
    expect(cache.get(lookalike(0), 0, 400)).toBeUndefined();
  });

  it("keeps a colliding range that is still being looked up, forgetting one that is not", () => {
    const cache = new BytesCache<number>(16);
    for (let value = 0; value < 4; value++) cache.set(lookalike(value), 0, 400, value);
    expect(cache.get(lookalike(0), 0, 400)).toBe(0);
    cache.set(lookalike(4), 0, 400, 4);
    expect(cache.get(lookalike(0), 0, 400)).toBe(0);
    expect(cache.get(lookalike(1), 0, 400)).toBeUndefined();
  });
});
