import { describe, expect, it } from "vitest";
import { asRecord, isRecord, stringEntries } from "./json-read";

describe("isRecord and asRecord", () => {
  it("take only a mapping for a mapping", () => {
    for (const value of [null, undefined, [], "x", 1, true]) {
      expect(isRecord(value)).toBe(false);
      expect(asRecord(value)).toEqual({});
    }
    const mapping = { a: 1 };
    expect(isRecord(mapping)).toBe(true);
    expect(asRecord(mapping)).toBe(mapping);
  });
});

describe("stringEntries", () => {
  it("keeps the string values of a mapping and drops the rest", () => {
    expect(stringEntries({ a: "x", b: 1, c: true, d: null, e: { f: "g" } })).toEqual({ a: "x" });
    expect(stringEntries(["a"])).toEqual({});
    expect(stringEntries(undefined)).toEqual({});
  });
});
