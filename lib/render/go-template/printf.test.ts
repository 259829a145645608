import { describe, expect, it } from "vitest";
import { sprintf } from "./printf";

describe("sprintf", () => {
  it("formats %s %d %v %q %t", () => {
    expect(sprintf("%s/%d/%v/%q/%t", ["a", 5n, 1.5, 'say "hi"', true])).toBe('a/5/1.5/"say \\"hi\\""/true');
  });

  it("marks a verb that does not fit its operand as Go does", () => {
    expect(sprintf("%d", [5432])).toBe("%!d(float64=5432)");
    expect(sprintf("%s", [3n])).toBe("%!s(int=3)");
    expect(sprintf("%s", [null])).toBe("%!s(<nil>)");
  });

  it("marks missing and extra operands", () => {
    expect(sprintf("%s %s", ["a"])).toBe("a %!s(MISSING)");
    expect(sprintf("%s", ["a", 1n])).toBe("a%!(EXTRA int=1)");
  });

  it("applies width, precision and flags", () => {
    expect(sprintf("[%5s][%-4d][%05d][%.2f][%+d][%x][%%]", ["ab", 7n, -42n, 3.14159, 3n, 255n])).toBe(
      "[   ab][7   ][-0042][3.14][+3][ff][%]",
    );
    expect(sprintf("%v %.3s", [[1n, "a"], "abcdef"])).toBe("[1 a] abc");
  });
});
