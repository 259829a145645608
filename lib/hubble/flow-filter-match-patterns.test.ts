import { describe, expect, it } from "vitest";
import { compileFqdnPatterns, compileNodeNamePatterns, compileRe2 } from "./flow-filter-match-patterns";

describe("compileFqdnPatterns", () => {
  it("matches whole names with * wildcards, case- and trailing-dot-insensitive patterns", () => {
    const pattern = compileFqdnPatterns(["*.GitHub.com.", "api.stripe.com"]);
    expect(pattern.test("api.github.com")).toBe(true);
    expect(pattern.test("api.stripe.com")).toBe(true);
    expect(pattern.test("github.com")).toBe(false);
    expect(pattern.test("api.stripe.com.evil.io")).toBe(false);
    expect(compileFqdnPatterns(["*"]).test("anything.example")).toBe(true);
  });

  it("rejects empty patterns and invalid characters", () => {
    expect(() => compileFqdnPatterns([""])).toThrow(/empty/);
    expect(() => compileFqdnPatterns(["a.."])).toThrow(/trailing dots/);
    expect(() => compileFqdnPatterns(["a+b.com"])).toThrow(/invalid character/);
  });
});

describe("compileNodeNamePatterns", () => {
  it("matches the node part in any cluster, or cluster/node", () => {
    const anyCluster = compileNodeNamePatterns(["worker-*"]);
    expect(anyCluster.test("sieve-demo/worker-1")).toBe(true);
    expect(anyCluster.test("sieve-demo/control-plane")).toBe(false);
    const scoped = compileNodeNamePatterns(["prod/*"]);
    expect(scoped.test("prod/worker-1")).toBe(true);
    expect(scoped.test("dev/worker-1")).toBe(false);
    expect(compileNodeNamePatterns(["dev/"]).test("dev/worker-9")).toBe(true);
  });

  it("rejects empty patterns and extra slashes", () => {
    expect(() => compileNodeNamePatterns([""])).toThrow(/empty/);
    expect(() => compileNodeNamePatterns(["a/b/c"])).toThrow(/slashes/);
  });
});

describe("compileRe2", () => {
  it("searches unanchored, honouring RE2 flag groups and absolute anchors", () => {
    expect(compileRe2("github").test("api.github.com.")).toBe(true);
    expect(compileRe2("(?i)GITHUB").test("api.github.com.")).toBe(true);
    expect(compileRe2("\\Aapi\\.").test("api.github.com.")).toBe(true);
    expect(compileRe2("\\Aapi\\.").test("xapi.github.com.")).toBe(false);
    expect(compileRe2("com\\.\\z").test("api.github.com.")).toBe(true);
    expect(compileRe2("(?P<host>api)\\.").test("api.x")).toBe(true);
  });

  it("rejects invalid patterns and syntax RE2 does not have", () => {
    expect(() => compileRe2("(unclosed")).toThrow(/invalid regular expression/);
    expect(() => compileRe2("a(?=b)")).toThrow(/unsupported/);
    expect(() => compileRe2("(a)\\1")).toThrow(/invalid escape/);
    expect(compileRe2("(?U)a+").test("xaa")).toBe(true);
  });

  it("matches hostile expressions in linear time (a backtracking engine never returns)", () => {
    const input = "a".repeat(50_000) + "!";
    expect(compileRe2("^(a+)+$").test(input)).toBe(false);
    expect(compileRe2("(a|aa)*b").test(input)).toBe(false);
  });
});

describe("wildcard patterns with many stars", () => {
  it("answer at once (a backtracking engine tries every split of the name)", () => {
    const name = "a".repeat(200) + ".example.com";
    expect(compileFqdnPatterns(["*a".repeat(2500) + ".example.org"]).test(name)).toBe(false);
    expect(compileNodeNamePatterns(["*a".repeat(2500) + "x"]).test(`default/${name}`)).toBe(false);
  });
});
