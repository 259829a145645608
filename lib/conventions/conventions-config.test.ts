import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "./conventions";
import { conventionsFrom } from "./conventions-config";

describe("conventionsFrom", () => {
  it("keeps every default when nothing is given", () => {
    expect(conventionsFrom(undefined)).toEqual({
      conventions: DEFAULT_CONVENTIONS,
      overrides: {},
      problems: [],
    });
  });

  it("replaces only the fields given", () => {
    const { conventions, overrides, problems } = conventionsFrom({
      profileLabel: "netpol.example.com/profile",
      accessLabels: [{ name: "mysql", resource: "MySQL", target: "db", ports: [3306] }],
      platformNamespaces: ["kube-system", "db"],
    });
    expect(problems).toEqual([]);
    expect(conventions.profileLabel).toBe("netpol.example.com/profile");
    expect(conventions.accessLabels).toEqual([
      { name: "mysql", resource: "MySQL", target: "db", ports: [3306] },
    ]);
    expect(conventions.platformNamespaces).toEqual(["kube-system", "db"]);
    expect(conventions.profiles).toBe(DEFAULT_CONVENTIONS.profiles);
    expect(Object.keys(overrides).sort()).toEqual(["accessLabels", "platformNamespaces", "profileLabel"]);
  });

  it("accepts an empty label for a vocabulary the repository does not use", () => {
    const { overrides, problems } = conventionsFrom({
      profileLabel: "",
      profiles: [],
      profileGrants: [],
      baselineOptIn: { key: "netpol.example.org/enforced", value: "true" },
    });
    expect(problems).toEqual([]);
    expect(overrides.profileLabel).toBe("");
    expect(overrides.baselineOptIn).toEqual({ key: "netpol.example.org/enforced", value: "true" });
  });

  it("names each bad field in one line and falls back to the defaults", () => {
    const { conventions, problems } = conventionsFrom({
      accessLabels: [{ name: "Bad Name", resource: "x", target: "db", ports: [70000] }],
      unknownField: 1,
    });
    expect(conventions).toBe(DEFAULT_CONVENTIONS);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^accessLabels\[0\]\.name: /),
        expect.stringMatching(/^accessLabels\[0\]\.ports\[0\]: /),
        expect.stringMatching(/unknownField/),
      ]),
    );
    for (const line of problems) expect(line).not.toContain("\n");
  });

  it("reads the health-probe CIDR by Go's rules", () => {
    for (const bad of ["169.254.0.0/016", "0169.254.0.0/16", "169.254.0.0"]) {
      const { problems } = conventionsFrom({ healthProbeCidr: bad });
      expect(problems, bad).toEqual([expect.stringMatching(/^healthProbeCidr: not a CIDR/)]);
    }
    expect(conventionsFrom({ healthProbeCidr: "fd00:169:254::/48" }).problems).toEqual([]);
  });

  it("rejects grants for profiles that do not exist and alerts in the wrong order", () => {
    const { problems } = conventionsFrom({
      profiles: [{ name: "open", ingress: "all", egress: "all", use: "" }],
      profileGrants: [{ profile: "nope", gatewayIngress: [], worldEgressPorts: [] }],
      enforcementAlerts: {
        warning: { name: "W", afterMs: 10_000 },
        critical: { name: "C", afterMs: 5_000 },
      },
    });
    expect(problems).toEqual([
      'profileGrants: profile "nope" is not in profiles',
      "enforcementAlerts: the critical alert must not fire before the warning",
    ]);
  });

  it("rejects a document that is not a mapping", () => {
    expect(conventionsFrom(["a"]).problems).toHaveLength(1);
  });
});
