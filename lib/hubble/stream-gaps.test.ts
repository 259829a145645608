import { describe, expect, it } from "vitest";
import { recordGap } from "./stream-gaps";

describe("recordGap", () => {
  it("appends separate gaps and merges overlapping ones", () => {
    let gaps = recordGap([], { from: 10, to: 20 });
    gaps = recordGap(gaps, { from: 30, to: 40 });
    expect(gaps).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 40 },
    ]);
    // The stream broke again before any flow arrived: the same outage continues.
    gaps = recordGap(gaps, { from: 35, to: 60 });
    expect(gaps).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 60 },
    ]);
  });

  it("keeps only the latest gaps", () => {
    let gaps = recordGap([], { from: 0, to: 1 }, 3);
    for (let i = 1; i < 10; i += 1) gaps = recordGap(gaps, { from: i * 10, to: i * 10 + 1 }, 3);
    expect(gaps.map((g) => g.from)).toEqual([70, 80, 90]);
  });
});
