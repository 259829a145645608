import { describe, expect, it } from "vitest";
import { keyWords, RecentKeys } from "./recent-keys";

function key(a: number, b: number, c: number): Int32Array {
  const words = keyWords();
  words.set([a, b, c]);
  return words;
}

describe("RecentKeys", () => {
  it("finds a key it holds by all three words, each slot apart", () => {
    const keys = new RecentKeys(64);
    const slot = keys.insert(key(1, 0x7fff_0001, -5));
    expect(keys.find(key(1, 0x7fff_0001, -5))).toBe(slot);
    expect(keys.find(key(1, 0x7fff_0001, -4))).toBe(-1);
    expect(keys.find(key(2, 0x7fff_0001, -5))).toBe(-1);
    expect(keys.find(key(1, 0x7fff_0002, -5))).toBe(-1);
    expect(keys.insert(key(1, 2, 3))).not.toBe(slot);
    expect(keys.size).toBe(2);
  });

  it("holds no more than its capacity, giving up the least recently used of a bucket", () => {
    const keys = new RecentKeys(3);
    expect(keys.slots).toBe(3);
    keys.insert(key(0, 0, 1));
    keys.insert(key(0, 0, 2));
    keys.insert(key(0, 0, 3));
    expect(keys.find(key(0, 0, 1))).not.toBe(-1);
    keys.insert(key(0, 0, 4));
    expect(keys.size).toBe(3);
    expect(keys.find(key(0, 0, 2))).toBe(-1);
    expect(keys.find(key(0, 0, 1))).not.toBe(-1);
    expect(keys.find(key(0, 0, 4))).not.toBe(-1);
  });

  it("forgets everything when cleared", () => {
    const keys = new RecentKeys(16);
    keys.insert(key(7, 7, 7));
    keys.clear();
    expect(keys.size).toBe(0);
    expect(keys.find(key(7, 7, 7))).toBe(-1);
  });
});
