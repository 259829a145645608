import { describe, expect, it } from "vitest";
import { compileIpMatcher } from "./flow-filter-match-ip";

describe("compileIpMatcher", () => {
  it("matches an exact address, also written differently", () => {
    const matcher = compileIpMatcher("2001:db8::1");
    expect(matcher.matches("2001:0db8:0:0:0:0:0:1")).toBe(true);
    expect(matcher.matches("2001:db8::2")).toBe(false);
    expect(compileIpMatcher("10.0.0.1").matches("10.0.0.1")).toBe(true);
    expect(compileIpMatcher("10.0.0.1").matches("10.0.0.10")).toBe(false);
    expect(compileIpMatcher("10.0.0.1").matches("010.0.0.1")).toBe(false);
  });

  it("matches IPv4 and IPv6 CIDR ranges, host bits allowed", () => {
    const v4 = compileIpMatcher("10.244.1.7/16");
    expect(v4.matches("10.244.200.3")).toBe(true);
    expect(v4.matches("10.245.0.1")).toBe(false);
    expect(v4.matches("::ffff:10.244.0.1")).toBe(false);
    const v6 = compileIpMatcher("fd00:10:244::/48");
    expect(v6.matches("fd00:10:244:1::5")).toBe(true);
    expect(v6.matches("fd00:10:245::5")).toBe(false);
    expect(v6.matches("10.244.0.1")).toBe(false);
    expect(compileIpMatcher("0.0.0.0/0").matches("1.2.3.4")).toBe(true);
  });

  it("rejects invalid addresses and prefixes", () => {
    expect(() => compileIpMatcher("10.0.0.300")).toThrow(/invalid IP address/);
    expect(() => compileIpMatcher("10.0.0.0/33")).toThrow(/invalid CIDR/);
    expect(() => compileIpMatcher("fd00::/129")).toThrow(/invalid CIDR/);
    expect(() => compileIpMatcher("web/8")).toThrow(/invalid CIDR/);
    expect(() => compileIpMatcher("010.0.0.1")).toThrow(/invalid IP address/);
    expect(() => compileIpMatcher("fe80::1%eth0")).toThrow(/invalid IP address/);
    expect(() => compileIpMatcher("10.0.0.0/08")).toThrow(/invalid CIDR/);
  });
});
