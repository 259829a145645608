import { describe, expect, it } from "vitest";
import { parseGraphWindow, windowChoices } from "./graph-window";

describe("the view window", () => {
  it("offers the presets and the window shown, once each, shortest first", () => {
    expect(windowChoices(15 * 60_000)).toEqual([60_000, 300_000, 900_000, 1_800_000, 3_600_000]);
    expect(windowChoices(10 * 60_000)).toEqual([60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000]);
  });

  it("parses 1m to 1h and says what is wrong otherwise", () => {
    expect(parseGraphWindow("90s")).toEqual({ ok: true, ms: 90_000 });
    expect(parseGraphWindow("59s")).toEqual({ ok: false, problem: "outside 1m..1h" });
    expect(parseGraphWindow("soon")).toEqual({ ok: false, problem: "not a duration such as 5m or 1h" });
  });
});
