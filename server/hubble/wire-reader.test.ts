import { describe, expect, it } from "vitest";
import { WireReader } from "./wire-reader";

function reader(bytes: number[]): WireReader {
  const r = new WireReader();
  r.reset(Buffer.from(bytes));
  return r;
}

/** A two's complement varint of a 64-bit integer, as protobuf writes int64. */
function int64Varint(value: bigint): number[] {
  let unsigned = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    const low = Number(unsigned & 0x7fn);
    unsigned >>= 7n;
    bytes.push(unsigned > 0n ? low | 0x80 : low);
  } while (unsigned > 0n);
  return bytes;
}

describe("WireReader", () => {
  it("reads varints as 32-bit fields do, dropping the high bits", () => {
    expect(reader([0x96, 0x01]).uint32()).toBe(150);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).uint32()).toBe(4_294_967_295);
    expect(reader(int64Varint(-1n)).int32()).toBe(-1);
    expect(reader(int64Varint(2n ** 32n + 5n)).uint32()).toBe(5);
  });

  it("reads 64-bit integers exactly within the safe range, negative ones too", () => {
    for (const value of [0n, 1n, 1_747_213_923n, -1n, -62_167_219_200n, 2n ** 53n - 1n, -(2n ** 53n) + 1n]) {
      expect(reader(int64Varint(value)).int64()).toBe(Number(value));
    }
    expect(reader(int64Varint(99_999_999_999_999_999n)).int64()).toBe(Number(99_999_999_999_999_999n));
  });

  it("refuses a length that runs past the message, and a varint that never ends", () => {
    expect(() => reader([0x05, 0x61]).string()).toThrow(RangeError);
    expect(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).uint32()).toThrow(
      RangeError,
    );
  });

  it("skips fields of every wire type", () => {
    // varint 300, fixed64, "hi", fixed32, a group holding a varint, then a varint 7.
    const r = reader([
      0xac, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x68, 0x69, 1, 2, 3, 4, 0x08, 0x01, 0x0c, 0x07,
    ]);
    r.skip(0);
    r.skip(1);
    r.skip(2);
    r.skip(5);
    r.skip(3);
    expect(r.uint32()).toBe(7);
  });
});
