import { describe, expect, it } from "vitest";
import { addressSpace, cidrCovers, parsePrefix, prefixContains, prefixMemoSize, sameCidr } from "./cidr";

describe("parsePrefix", () => {
  it("parses IPv4 and IPv6 prefixes and bare addresses", () => {
    expect(parsePrefix("10.1.2.3/8")).toEqual({ family: 4, network: 10n << 24n, length: 8 });
    expect(parsePrefix("1.2.3.4")?.length).toBe(32);
    expect(parsePrefix("fd00::/8")?.family).toBe(6);
    expect(parsePrefix("::ffff:10.0.0.1")?.length).toBe(128);
    expect(parsePrefix("::")?.network).toBe(0n);
  });

  it("rejects malformed input", () => {
    for (const bad of [
      "10.0.0.256/8",
      "10.0.0/8",
      "10.0.0.0/33",
      "1::2::3",
      "fd00::/129",
      "x",
      "10.0.0.0/8/1",
      "",
      "010.0.0.0/8",
      "10.0.0.0/08",
      "fe80::1%eth0",
      " 10.0.0.0/8",
    ]) {
      expect(parsePrefix(bad), bad).toBeNull();
    }
  });

  it("remembers a bounded number of texts however many it reads", () => {
    for (let i = 0; i < 10_000; i++) parsePrefix(`10.${i >> 8}.${i & 255}.0/24`);
    expect(prefixMemoSize()).toBeLessThanOrEqual(4096);
    expect(parsePrefix("10.0.0.0/24")).toEqual({ family: 4, network: 10n << 24n, length: 24 });
  });
});

describe("containment", () => {
  it("contains narrower prefixes of the same family only", () => {
    expect(prefixContains(parsePrefix("10.0.0.0/8")!, parsePrefix("10.1.0.0/16")!)).toBe(true);
    expect(prefixContains(parsePrefix("10.1.0.0/16")!, parsePrefix("10.0.0.0/8")!)).toBe(false);
    expect(prefixContains(parsePrefix("0.0.0.0/0")!, parsePrefix("::/128")!)).toBe(false);
  });

  it("honours except holes", () => {
    expect(cidrCovers("10.0.0.0/8", ["10.1.0.0/16"], "10.2.3.4")).toBe(true);
    expect(cidrCovers("10.0.0.0/8", ["10.1.0.0/16"], "10.1.3.4")).toBe(false);
    expect(cidrCovers("10.0.0.0/8", ["10.1.0.0/16"], "10.0.0.0/8")).toBe(false);
    expect(cidrCovers("169.254.0.0/16", [], "169.254.0.0/16")).toBe(true);
  });

  it("compares prefixes by value, not spelling", () => {
    expect(sameCidr("169.254.0.0/16", "169.254.7.1/16")).toBe(true);
    expect(sameCidr("169.254.0.0/16", "169.254.0.0/17")).toBe(false);
  });
});

describe("addressSpace", () => {
  it("names the space a CIDR falls in", () => {
    expect(addressSpace("0.0.0.0/0")).toBe("any");
    expect(addressSpace("10.0.0.0/8")).toBe("private");
    expect(addressSpace("192.168.1.0/24")).toBe("private");
    expect(addressSpace("169.254.0.0/16")).toBe("link-local");
    expect(addressSpace("52.84.0.0/14")).toBe("public");
    expect(addressSpace("0.0.0.0/1")).toBe("public");
    expect(addressSpace("nonsense")).toBe("invalid");
  });
});
