import { describe, expect, it } from "vitest";
import { render, renderError } from "./testing/test-render";

describe("and, or, not", () => {
  it("return the deciding operand, not a boolean", () => {
    expect(render(`<< and 1 "x" >>|<< and 0 "x" >>|<< or "" "y" >>|<< or "a" "b" >>`)).toBe("x|0|y|a");
    expect(render(`<< not "" >>|<< not .m >>`, { m: { a: 1 } })).toBe("true|false");
  });

  it("short-circuit: the second operand is not evaluated", () => {
    expect(render(`<< and .missingOk .a.b >>`, { missingOk: false, a: null })).toBe("false");
    expect(render(`<< or .x (index .l 5) >>`, { x: "set", l: [] })).toBe("set");
  });
});

describe("comparisons", () => {
  it("eq compares with any of several operands", () => {
    expect(render(`<< eq .p "a" "b" "standard" >>|<< eq .p "x" >>`, { p: "standard" })).toBe("true|false");
    expect(render(`<< ne .p "x" >>|<< eq .n 5432.0 >>|<< eq .b true >>`, { p: "a", n: 5432, b: true })).toBe(
      "true|true|true",
    );
  });

  it("fails when comparing a float64 input with an int literal, or a string with a number", () => {
    expect(renderError(`<< eq .replicas 2 >>`, { replicas: 2 }).reason).toBe(
      "error calling eq: incompatible types for comparison: float64 and int",
    );
    expect(renderError(`<< if eq .a 1.0 >><< end >>`, { a: "1" }).reason).toBe(
      "error calling eq: incompatible types for comparison: string and float64",
    );
  });

  it("compares nil unequal to anything, and refuses maps", () => {
    expect(render(`<< eq .v "x" >>`, { v: null })).toBe("false");
    expect(renderError(`<< eq .m "x" >>`, { m: {} }).reason).toContain("non-comparable type");
  });

  it("orders numbers and strings of the same kind", () => {
    expect(render(`<< lt 1 2 >>|<< ge "b" "a" >>|<< gt .n 1.5 >>|<< le 2 2 >>`, { n: 3 })).toBe(
      "true|true|true|true",
    );
    expect(renderError(`<< lt .n 2 >>`, { n: 1 }).reason).toContain("incompatible types");
  });
});

describe("len, index, print", () => {
  it("len counts bytes of strings and items of lists and maps", () => {
    expect(render(`<< len "é" >>|<< len .l >>|<< len .m >>`, { l: [1, 2], m: { a: 1 } })).toBe("2|2|1");
    expect(renderError(`<< len .n >>`, { n: 1 }).reason).toBe("error calling len: len of type float64");
  });

  it("index reads lists and maps; a missing map key gives nil, not an error", () => {
    const data = { l: ["a", "b"], m: { "a/b": "x" } };
    expect(render(`<< index .l 1 >>|<< index .m "a/b" >>|<< index .m "none" >>`, data)).toBe("b|x|<nil>");
    expect(renderError(`<< index .l 5 >>`, data).reason).toBe("error calling index: index out of range: 5");
  });

  it("print and println space operands as fmt does", () => {
    expect(render(`<< print "a" "b" 1 2 >>|<< println "a" 1 >>`)).toBe("ab1 2|a 1\n");
  });

  it("reports wrong argument counts", () => {
    expect(renderError(`<< not 1 2 >>`).reason).toBe("wrong number of args for not: want 1 got 2");
  });
});
