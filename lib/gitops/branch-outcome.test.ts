import { describe, expect, it } from "vitest";
import { branchOutcomeNote } from "./branch-outcome";

describe("branchOutcomeNote", () => {
  it("says nothing of a new branch, and what happened to an existing one", () => {
    expect(branchOutcomeNote("created", "sieve/fix-a")).toBeNull();
    expect(branchOutcomeNote("updated", "sieve/fix-a")).toContain("now holds this fix");
    expect(branchOutcomeNote("unchanged", "sieve/fix-a")).toContain("already holds this change");
    expect(branchOutcomeNote("kept", "sieve/fix-a")).toContain("commits not made by Sieve: left as it is");
  });
});
