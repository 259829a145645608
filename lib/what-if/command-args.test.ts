import { describe, expect, it } from "vitest";
import { parseWhatIfArgs } from "./command-args";

describe("parseWhatIfArgs", () => {
  it("reads the ref, --json and the window", () => {
    expect(parseWhatIfArgs(["--ref", "feature/x", "--json", "--window=30m"])).toEqual({
      ok: true,
      args: { ref: "refs/heads/feature/x", json: true, windowMs: 30 * 60_000 },
    });
    expect(parseWhatIfArgs(["--ref=refs/pull/7/head"])).toEqual({
      ok: true,
      args: { ref: "refs/pull/7/head", json: false, windowMs: 3_600_000 },
    });
  });

  it.each([
    [[], "--ref is required"],
    [["--ref"], "--ref needs a value"],
    [["--ref", "--upload-pack=x"], 'must not start with "-"'],
    [["--ref", "a..b"], "not a valid git ref"],
    [["--ref", "main", "--window", "2h"], "--window must be"],
    [["--ref", "main", "extra"], 'unknown argument "extra"'],
    [["--ref", "main", "--json=yes"], "unknown argument"],
  ])("refuses %j", (argv, error) => {
    const parsed = parseWhatIfArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });
});
