import { describe, expect, it } from "vitest";
import { fqdnPatternMatches, type MatchMeter } from "./fqdn-pattern";

describe("fqdnPatternMatches: Cilium's matchPattern", () => {
  it("reads the CRD documentation's examples", () => {
    // 1. "*.cilium.io": one label at that level.
    expect(fqdnPatternMatches("*.cilium.io", "www.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("*.cilium.io", "blog.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("*.cilium.io", "cilium.io")).toBe(false);
    expect(fqdnPatternMatches("*.cilium.io", "google.com")).toBe(false);
    expect(fqdnPatternMatches("*.cilium.io", "a.b.cilium.io")).toBe(false);
    // 2. "*cilium.io": the star never crosses a dot.
    expect(fqdnPatternMatches("*cilium.io", "cilium.io")).toBe(true);
    expect(fqdnPatternMatches("*cilium.io", "sub-cilium.io")).toBe(true);
    expect(fqdnPatternMatches("*cilium.io", "www.cilium.io")).toBe(false);
    // 3. "sub*.cilium.io".
    expect(fqdnPatternMatches("sub*.cilium.io", "subdomain.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("sub*.cilium.io", "sub.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("sub*.cilium.io", "www.cilium.io")).toBe(false);
    // 4. "**.cilium.io": one or more whole labels.
    expect(fqdnPatternMatches("**.cilium.io", "app.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("**.cilium.io", "test.app.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("**.cilium.io", "cilium.io")).toBe(false);
    expect(fqdnPatternMatches("**.cilium.io", ".cilium.io")).toBe(false);
    expect(fqdnPatternMatches("**.*.cilium.io", "a.b.cilium.io")).toBe(true);
    expect(fqdnPatternMatches("**.*.cilium.io", "b.cilium.io")).toBe(false);
  });

  it("is case-insensitive, ignores one trailing dot, and '*' alone matches every name", () => {
    expect(fqdnPatternMatches("API.*.COM.", "api.github.com.")).toBe(true);
    expect(fqdnPatternMatches("*", "anything.example")).toBe(true);
    expect(fqdnPatternMatches("*", "")).toBe(true);
    expect(fqdnPatternMatches("a*b", "a_-9b")).toBe(true);
    expect(fqdnPatternMatches("a*b", "a/b")).toBe(false);
    expect(fqdnPatternMatches("api.github.com", "api.github.com.evil.io")).toBe(false);
  });

  it("matches the probe's freezing pattern in one pass over the name", () => {
    const meter: MatchMeter = { steps: 0 };
    const name = "a".repeat(60) + ".example.com";
    expect(fqdnPatternMatches("************.example.org", name, meter)).toBe(false);
    expect(meter.steps).toBeLessThanOrEqual(("*.example.org".length + 1) * name.length);
  });

  it("bounds the work of a 5,000-star pattern by (pattern length + 1) × name length", () => {
    // Stars separated by literals do not collapse: the worst case for a backtracking matcher.
    const patterns = ["*".repeat(5000) + ".example.org", "*-".repeat(5000) + "x.example.org"];
    const name = "-".repeat(200) + ".example.com";
    for (const pattern of patterns) {
      const meter: MatchMeter = { steps: 0 };
      expect(fqdnPatternMatches(pattern, name, meter)).toBe(false);
      expect(meter.steps).toBeLessThanOrEqual((pattern.length + 1) * name.length);
      expect(meter.steps).toBeGreaterThan(0);
    }
    const org = "-".repeat(200) + ".example.org";
    expect(fqdnPatternMatches("*-".repeat(5000) + "*.example.org", org)).toBe(false);
    expect(fqdnPatternMatches("*-".repeat(100) + "*.example.org", org)).toBe(true);
  });
});
