import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { tempFolder } from "@/server/testing/temp-folder";
import { loadConventions } from "./conventions-file";

const { dir, file } = tempFolder("sieve-conventions-");

describe("loadConventions", () => {
  it("uses the defaults without a file", () => {
    expect(loadConventions(undefined).conventions).toBe(DEFAULT_CONVENTIONS);
  });

  it("reads a YAML file with comments", () => {
    const result = loadConventions(
      file(
        "ok.yaml",
        "# our labels\nprofileLabel: netpol.example.com/profile\nplatformNamespaces: [kube-system]\n",
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.conventions.profileLabel).toBe("netpol.example.com/profile");
    expect(result.conventions.platformNamespaces).toEqual(["kube-system"]);
    expect(result.overrides).toEqual({
      profileLabel: "netpol.example.com/profile",
      platformNamespaces: ["kube-system"],
    });
  });

  it("says when the file is missing, in one line", () => {
    const missing = path.join(dir, "nope.yaml");
    expect(loadConventions(missing).problems).toEqual([`SIEVE_CONVENTIONS_FILE ${missing}: file not found`]);
  });

  it("points at the line of a YAML syntax error", () => {
    const bad = file("bad.yaml", "profileLabel: a\nprofiles: [\n");
    const [problem] = loadConventions(bad).problems;
    expect(problem).toMatch(new RegExp(`^SIEVE_CONVENTIONS_FILE ${bad}:\\d+: invalid YAML`));
  });

  it("names the invalid field and keeps the defaults", () => {
    const result = loadConventions(file("field.yaml", "healthProbeCidr: not-a-cidr\n"));
    expect(result.conventions).toBe(DEFAULT_CONVENTIONS);
    expect(result.problems[0]).toContain("healthProbeCidr: not a CIDR");
  });
});
