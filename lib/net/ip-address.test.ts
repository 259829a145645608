// Go's net/netip rules, with the examples of its documentation and tests (ParseAddr, ParsePrefix).

import { describe, expect, it } from "vitest";
import { parseIpAddress, parseIpPrefix } from "./ip-address";

describe("parseIpAddress (netip.ParseAddr)", () => {
  it("reads IPv4 and IPv6 into comparable numbers", () => {
    expect(parseIpAddress("10.0.0.1")).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIpAddress("0.0.0.0")).toEqual({ family: 4, value: 0n });
    expect(parseIpAddress("255.255.255.255")).toEqual({ family: 4, value: 0xffffffffn });
    expect(parseIpAddress("2001:db8::1")).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIpAddress("::")).toEqual({ family: 6, value: 0n });
    expect(parseIpAddress("1::")?.value).toBe(1n << 112n);
    expect(parseIpAddress("1:2:3:4:5:6:7:8")?.value).toBe(0x00010002000300040005000600070008n);
    expect(parseIpAddress("1:2:3:4:5:6:7::")?.value).toBe(0x00010002000300040005000600070000n);
    expect(parseIpAddress("2001:DB8::A")?.value).toBe((0x20010db8n << 96n) | 0xan);
  });

  it("rejects IPv4 fields with leading zeros, as Go does since 1.17", () => {
    for (const text of ["010.0.0.1", "10.00.0.1", "10.0.0.01", "00.0.0.0", "::ffff:010.0.0.1"]) {
      expect(parseIpAddress(text), text).toBeNull();
    }
  });

  it("reads an IPv4-mapped IPv6 address as IPv6, the IPv4 address in its last 32 bits", () => {
    expect(parseIpAddress("::ffff:10.0.0.1")).toEqual({ family: 6, value: (0xffffn << 32n) | 0x0a000001n });
    expect(parseIpAddress("::10.0.0.1")).toEqual({ family: 6, value: 0x0a000001n });
    expect(parseIpAddress("1:2:3:4:5:6:1.2.3.4")?.value).toBe(0x00010002000300040005000601020304n);
  });

  it("keeps an IPv6 zone, refuses an empty one and any on IPv4", () => {
    expect(parseIpAddress("fe80::1%eth0")).toEqual({
      family: 6,
      value: (0xfe80n << 112n) | 1n,
      zone: "eth0",
    });
    expect(parseIpAddress("::ffff:1.2.3.4%eth0")?.zone).toBe("eth0");
    expect(parseIpAddress("fe80::1%")).toBeNull();
    expect(parseIpAddress("1.2.3.4%eth0")).toBeNull();
    expect(parseIpAddress("%eth0")).toBeNull();
  });

  it("rejects what is not an address", () => {
    for (const text of [
      "",
      "web",
      "10.0.0",
      "10.0.0.256",
      "10.0.0.1.",
      "1.2.3.4.5",
      " 10.0.0.1",
      "10.0.0.1/32",
      "1::2::3",
      ":::",
      ":1",
      "1:",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::",
      "1:2:3:4:5:6:7:1.2.3.4",
      "12345::",
      "::g",
      "1.2.3.4::",
      "::1.2.3",
    ]) {
      expect(parseIpAddress(text), text).toBeNull();
    }
  });
});

describe("parseIpPrefix (netip.ParsePrefix)", () => {
  it("reads address/bits and keeps host bits", () => {
    expect(parseIpPrefix("10.1.2.3/8")).toEqual({ family: 4, value: 0x0a010203n, bits: 8 });
    expect(parseIpPrefix("0.0.0.0/0")).toEqual({ family: 4, value: 0n, bits: 0 });
    expect(parseIpPrefix("fd00::/128")?.bits).toBe(128);
    expect(parseIpPrefix("::ffff:10.0.0.0/104")).toEqual({
      family: 6,
      value: (0xffffn << 32n) | 0x0a000000n,
      bits: 104,
    });
  });

  it("needs bits in range, in decimal without sign or leading zeros", () => {
    for (const text of [
      "10.0.0.0/33",
      "fd00::/129",
      "10.0.0.0/08",
      "10.0.0.0/+8",
      "10.0.0.0/",
      "10.0.0.0/-1",
    ]) {
      expect(parseIpPrefix(text), text).toBeNull();
    }
    expect(parseIpPrefix("10.0.0.0/32")?.bits).toBe(32);
  });

  it("refuses a bare address, a zone, and an invalid address", () => {
    for (const text of ["10.0.0.1", "fe80::1%eth0/64", "010.0.0.0/8", "10.0.0.0/8/1", "web/8"]) {
      expect(parseIpPrefix(text), text).toBeNull();
    }
  });
});
