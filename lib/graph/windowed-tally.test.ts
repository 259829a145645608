import { describe, expect, it } from "vitest";
import { DEFAULT_TIERS, TallyArena, VERDICT_INDEX, WindowedTally } from "./windowed-tally";

const T0 = 1_700_000_000_000;
const DROPPED = VERDICT_INDEX.DROPPED;
const FORWARDED = VERDICT_INDEX.FORWARDED;

describe("WindowedTally", () => {
  it("counts per verdict inside the window", () => {
    const tally = new WindowedTally();
    tally.add(T0 - 10_000, FORWARDED);
    tally.add(T0 - 5_000, FORWARDED);
    tally.add(T0, DROPPED);
    expect(tally.sum(T0, 60_000)).toEqual({ FORWARDED: 2, DROPPED: 1 });
  });

  it("answers short windows from fine buckets and long windows from coarse ones", () => {
    const tally = new WindowedTally();
    tally.add(T0 - 90_000, FORWARDED);
    tally.add(T0 - 20 * 60_000, FORWARDED);
    tally.add(T0 - 59 * 60_000, DROPPED);
    expect(tally.sum(T0, 60_000)).toEqual({});
    expect(tally.sum(T0, 2 * 60_000)).toEqual({ FORWARDED: 1 });
    expect(tally.sum(T0, 30 * 60_000)).toEqual({ FORWARDED: 2 });
    expect(tally.sum(T0, 60 * 60_000)).toEqual({ FORWARDED: 2, DROPPED: 1 });
  });

  it("reuses buckets as time moves on, so old counts expire", () => {
    const tally = new WindowedTally();
    tally.add(T0, DROPPED);
    tally.add(T0 + 2 * 60 * 60_000, FORWARDED);
    expect(tally.sum(T0 + 2 * 60 * 60_000, 60 * 60_000)).toEqual({ FORWARDED: 1 });
  });

  it("ignores a flow older than what its bucket slot already holds", () => {
    const tally = new WindowedTally([{ bucketMs: 1_000, spanMs: 10_000 }]);
    tally.add(T0, FORWARDED);
    // 11 slots of 1 s: T0 - 11 s maps onto T0's slot, which holds a newer bucket.
    tally.add(T0 - 11_000, DROPPED);
    expect(tally.sum(T0, 10_000)).toEqual({ FORWARDED: 1 });
  });

  it("does not count flows after now", () => {
    const tally = new WindowedTally();
    tally.add(T0 + 30_000, FORWARDED);
    expect(tally.sum(T0, 60_000)).toEqual({});
    expect(tally.sum(T0 + 30_000, 60_000)).toEqual({ FORWARDED: 1 });
  });

  it("ignores flows before 1970 instead of writing outside its slots", () => {
    const arena = new TallyArena(DEFAULT_TIERS, 4);
    const neighbour = new WindowedTally(arena);
    neighbour.add(0, FORWARDED);
    const before = new WindowedTally(arena);
    before.add(-7_000, DROPPED);
    before.add(-70_000, DROPPED);
    expect(before.sum(0, 60_000)).toEqual({});
    expect(neighbour.sum(0, 60_000)).toEqual({ FORWARDED: 1 });
  });
});

describe("TallyArena", () => {
  it("hands released blocks to the next tally, cleared", () => {
    const arena = new TallyArena(DEFAULT_TIERS, 4);
    const first = new WindowedTally(arena);
    first.add(T0, DROPPED);
    first.add(T0, FORWARDED);
    expect(arena.used).toBe(3);
    first.release();
    expect(arena.used).toBe(0);
    const second = new WindowedTally(arena);
    second.add(T0, FORWARDED);
    expect(arena.used).toBe(2);
    expect(second.sum(T0, 60_000)).toEqual({ FORWARDED: 1 });
    expect(second.sum(T0, 60 * 60_000)).toEqual({ FORWARDED: 1 });
  });

  it("keeps tallies in different slabs apart", () => {
    const arena = new TallyArena(DEFAULT_TIERS, 2);
    const tallies = Array.from({ length: 5 }, () => new WindowedTally(arena));
    tallies.forEach((tally, i) => {
      for (let n = 0; n <= i; n++) tally.add(T0 - n * 1_000, FORWARDED);
    });
    tallies.forEach((tally, i) => expect(tally.sum(T0, 60_000)).toEqual({ FORWARDED: i + 1 }));
  });
});
