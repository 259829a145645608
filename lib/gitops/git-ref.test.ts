import { describe, expect, it } from "vitest";
import { parseGitRef } from "./git-ref";

describe("parseGitRef", () => {
  it.each([
    ["main", "refs/heads/main"],
    ["feature/remove-postgres", "refs/heads/feature/remove-postgres"],
    ["refs/heads/sieve/fix-x", "refs/heads/sieve/fix-x"],
    ["refs/pull/12/head", "refs/pull/12/head"],
    ["v1.2_rc", "refs/heads/v1.2_rc"],
  ])("reads %s as %s", (input, ref) => {
    expect(parseGitRef(input)).toEqual({ ok: true, ref });
  });

  it.each([
    "",
    "-upload-pack=touch",
    "--output=x",
    "a..b",
    "a b",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[b",
    "a\\b",
    "a\u0007",
    "@",
    "a@{1}",
    "a.",
    "a/",
    "/a",
    "a//b",
    ".hidden",
    "a/.b",
    "a.lock",
    "a/b.lock/c",
    "refs/heads/",
    "refs/heads/-x",
    "refs/tags/v1",
    "refs/pull/12/merge",
    "refs/pull/0/head",
    "refs/pull/x/head",
    "x".repeat(201),
  ])("refuses %j", (input) => {
    const parsed = parseGitRef(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^ref/);
  });
});
