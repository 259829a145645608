import { describe, expect, it } from "vitest";
import { formatTimestamp, msToTimestamp, parseTimestamp, timestampToMs } from "./timestamp";

describe("timestamps", () => {
  it("parses nanoseconds and offsets", () => {
    expect(parseTimestamp("2025-05-14T09:12:03.482915307Z")).toEqual({
      seconds: 1747213923,
      nanos: 482915307,
    });
    expect(parseTimestamp("2025-05-14T11:12:03.5+02:00")).toEqual({ seconds: 1747213923, nanos: 500000000 });
    expect(parseTimestamp("2025-05-14 09:12:03Z")).toBeNull();
    expect(parseTimestamp("2025-05-14T09:12:03")).toBeNull();
  });

  it("formats like protojson: 0, 3, 6 or 9 fractional digits", () => {
    expect(formatTimestamp({ seconds: 1747213923, nanos: 0 })).toBe("2025-05-14T09:12:03Z");
    expect(formatTimestamp({ seconds: 1747213923, nanos: 500_000_000 })).toBe("2025-05-14T09:12:03.500Z");
    expect(formatTimestamp({ seconds: 1747213923, nanos: 19_384_000 })).toBe("2025-05-14T09:12:03.019384Z");
    expect(formatTimestamp({ seconds: 1747213923, nanos: 7 })).toBe("2025-05-14T09:12:03.000000007Z");
  });

  it("round-trips through text", () => {
    for (const text of [
      "1970-01-01T00:00:00Z",
      "2025-05-14T09:12:03.482915307Z",
      "2099-12-31T23:59:59.999Z",
    ]) {
      expect(formatTimestamp(parseTimestamp(text)!)).toBe(text);
    }
  });

  it("converts to and from milliseconds", () => {
    expect(timestampToMs({ seconds: 1747213923, nanos: 482915307 })).toBe(1747213923482);
    expect(msToTimestamp(1747213923482)).toEqual({ seconds: 1747213923, nanos: 482000000 });
  });

  it("reads years before 100 as written, not as 19xx", () => {
    expect(parseTimestamp("0050-03-01T00:00:00Z")).toEqual({ seconds: -60_584_198_400, nanos: 0 });
    expect(formatTimestamp(parseTimestamp("0099-12-31T23:59:59Z")!)).toBe("0099-12-31T23:59:59Z");
    expect(formatTimestamp(parseTimestamp("0000-01-01T00:00:00.5Z")!)).toBe("0000-01-01T00:00:00.500Z");
  });
});
