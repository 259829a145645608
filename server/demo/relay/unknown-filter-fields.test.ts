import { describe, expect, it } from "vitest";
import { unknownFlowFilterFields } from "./unknown-filter-fields";

const FILTER_LISTS = new Set([5, 6]);
const KNOWN = new Set([2, 4, 5]);

function varint(value: number): number[] {
  return value < 0x80 ? [value] : [(value & 0x7f) | 0x80, ...varint(value >> 7)];
}

function lengthDelimited(field: number, payload: number[]): number[] {
  return [...varint((field << 3) | 2), payload.length, ...payload];
}

describe("unknownFlowFilterFields", () => {
  it("finds filter fields outside the known set in whitelist and blacklist filters", () => {
    const request = Uint8Array.from([
      ...[0x08, 0x14], // number: 20
      ...lengthDelimited(6, [...lengthDelimited(2, [0x61, 0x2f]), 0x28, 0x02]), // source_pod "a/", verdict
      ...lengthDelimited(5, [...lengthDelimited(40, [0x78]), 0xd8, 0x02, 0x01]), // field 40, field 43 varint
    ]);
    expect(unknownFlowFilterFields(request, FILTER_LISTS, KNOWN)).toEqual([40, 43]);
  });

  it("finds none in a request using only known fields, or with no filters", () => {
    const request = Uint8Array.from([...lengthDelimited(6, [0x28, 0x02]), 0x18, 0x01]);
    expect(unknownFlowFilterFields(request, FILTER_LISTS, KNOWN)).toEqual([]);
    expect(unknownFlowFilterFields(Uint8Array.from([]), FILTER_LISTS, KNOWN)).toEqual([]);
  });

  it("leaves malformed bytes to the real decoder", () => {
    expect(unknownFlowFilterFields(Uint8Array.from([0x32, 0x09, 0x28]), FILTER_LISTS, KNOWN)).toEqual([]);
    // An unknown fixed64 field cut short inside a filter, and one after the last filter.
    const truncated = [...lengthDelimited(5, [0xc1, 0x02, 0x01])];
    expect(unknownFlowFilterFields(Uint8Array.from(truncated), FILTER_LISTS, KNOWN)).toEqual([]);
    const trailing = [...lengthDelimited(5, [...lengthDelimited(40, [0x78])]), 0x09, 0x01];
    expect(unknownFlowFilterFields(Uint8Array.from(trailing), FILTER_LISTS, KNOWN)).toEqual([]);
  });
});
