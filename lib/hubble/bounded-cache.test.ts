import { describe, expect, it } from "vitest";
import { BoundedCache } from "./bounded-cache";

describe("BoundedCache", () => {
  it("never holds more than its capacity", () => {
    const cache = new BoundedCache<number, string>(10);
    for (let i = 0; i < 1_000; i++) {
      cache.set(i, `v${i}`);
      expect(cache.size).toBeLessThanOrEqual(10);
    }
    expect(cache.get(999)).toBe("v999");
    expect(cache.get(0)).toBeUndefined();
  });

  it("keeps an entry that is used while newer ones arrive", () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set("hot", 1);
    for (let i = 0; i < 100; i++) {
      cache.set(`cold-${i}`, i);
      expect(cache.get("hot")).toBe(1);
    }
    expect(cache.get("cold-0")).toBeUndefined();
  });

  it("answers the latest value set for a key", () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3); // "a" and "b" move to the old generation
    cache.set("a", 4);
    expect(cache.get("a")).toBe(4);
    expect(cache.get("b")).toBe(2);
  });

  it("rejects a capacity it cannot split into two generations", () => {
    expect(() => new BoundedCache(1)).toThrow();
    expect(() => new BoundedCache(2.5)).toThrow();
  });
});
