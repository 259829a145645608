import { describe, expect, it } from "vitest";
import { formatFloat, goQuote, isTrue } from "./values";

describe("formatFloat", () => {
  it("writes float64 values as Go's %v does", () => {
    expect([5432, 0.5, 1e6, 123456, 1234567, 0.0001, 0.00001, -2.5, 1e21].map(formatFloat)).toEqual([
      "5432",
      "0.5",
      "1e+06",
      "123456",
      "1.234567e+06",
      "0.0001",
      "1e-05",
      "-2.5",
      "1e+21",
    ]);
  });
});

describe("goQuote", () => {
  it("escapes as strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\t\u0001é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"');
  });
});

describe("isTrue", () => {
  it("is false for zero values and empty containers", () => {
    expect([null, undefined, false, 0, 0n, "", [], {}].map(isTrue)).toEqual(Array(8).fill(false));
    expect([true, 1, 1n, "x", [0], { a: 0 }].map(isTrue)).toEqual(Array(6).fill(true));
  });
});
