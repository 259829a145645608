import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles up to the maximum, drawing each delay from the upper half of the step", () => {
    const top = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(() => top.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    const bottom = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0);
    expect([1, 2, 3].map(() => bottom.next())).toEqual([50, 100, 200]);
  });

  it("starts over after reset", () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 100 }, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(10);
  });

  it("rejects nonsensical settings", () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).toThrow(/initialMs/);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(/initialMs/);
  });
});
