import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { GitOpsChange } from "./change";
import { branchName, isSafeBranchName, shortHash } from "./branch-name";

const fix: GitOpsChange = {
  type: "set-namespace-labels",
  namespace: "paperless",
  set: { "access.network-policy.homelab/postgres": "true" },
  remove: [],
};

describe("branchName", () => {
  it("names the namespace and the fix, with a short hash of the change", () => {
    const name = branchName(fix);
    expect(name).toMatch(/^sieve\/fix-paperless-postgres-[0-9a-f]{6}$/);
    expect(branchName(fix)).toBe(name);
    expect(
      branchName({ ...fix, set: { "access.network-policy.homelab/postgres": "true", "x.io/y": "z" } }),
    ).not.toBe(name);
    expect(branchName([fix])).toBe(name);
  });

  it("does not depend on key order", () => {
    const a = { ...fix, set: { "a.io/x": "1", "b.io/y": "2" } };
    const b = { ...fix, set: { "b.io/y": "2", "a.io/x": "1" } };
    expect(branchName(a)).toBe(branchName(b));
  });

  it.each([
    "../../refs/heads/main",
    "--upload-pack=evil",
    "-x",
    "a..b",
    "x.lock",
    "@{upstream}",
    "$(touch /tmp/pwned)",
    "<img src=x>",
    "name with spaces\nand lines",
    "/abs",
    "ÜNÏCÖDE",
    "a".repeat(500),
    "",
  ])("makes a safe branch out of the hostile namespace %j", (namespace) => {
    const name = branchName({ ...fix, namespace, set: { [`x.io/${namespace}`]: namespace } });
    expect(isSafeBranchName(name)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^sieve\/fix-[a-z0-9-]*[0-9a-f]{6}$/);
    // git itself agrees.
    expect(execFileSync("git", ["check-ref-format", "--branch", name], { encoding: "utf8" }).trim()).toBe(
      name,
    );
  });

  it("keeps a custom prefix only as far as it is safe", () => {
    expect(branchName(fix, "bots/sieve-")).toMatch(/^bots\/sieve-paperless-postgres-/);
    expect(branchName(fix, "../-..//evil")).toMatch(/^evil/);
  });
});

describe("isSafeBranchName and shortHash", () => {
  it("accepts ordinary branches and refuses what git refuses", () => {
    for (const ok of ["main", "release/1.2", "sieve/fix-a-123abc"]) expect(isSafeBranchName(ok)).toBe(true);
    for (const bad of [
      "-main",
      "a..b",
      "a/.b",
      "a.lock",
      "a/",
      "a//b",
      "a@{b",
      "a b",
      "a~1",
      "a^",
      "a:b",
      "a.",
      "",
    ]) {
      expect(isSafeBranchName(bad)).toBe(false);
    }
  });

  it("is FNV-1a", () => {
    expect(shortHash("")).toBe("811c9dc5");
    expect(shortHash("a")).toBe("e40c292c");
  });
});
