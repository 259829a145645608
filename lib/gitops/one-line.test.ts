import { describe, expect, it } from "vitest";
import { oneLine } from "./one-line";

describe("oneLine", () => {
  it("turns each run of control characters and line separators into one space, and keeps the ends", () => {
    expect(oneLine(" a\r\n\tb\u2028c\u0085d\x7fe ")).toBe(" a b c d e ");
    expect(oneLine("plain: text #1")).toBe("plain: text #1");
  });
});
