import { describe, expect, it } from "vitest";
import { oneLine } from "./one-line";

describe("oneLine", () => {
  it("turns each run of line breaks and tabs into one space, and keeps the ends", () => {
    expect(oneLine(" a\r\n\tb\u2028c\u0085d ")).toBe(" a b c d ");
    expect(oneLine("plain: text #1")).toBe("plain: text #1");
  });

  it("shows other control characters and bidi controls by their code points", () => {
    expect(oneLine("d\x7fe\x1b[31m")).toBe("d⟨U+007F⟩e⟨U+001B⟩[31m");
    expect(oneLine("warning: \u202Egnp.exe")).toBe("warning: ⟨U+202E⟩gnp.exe");
  });
});
