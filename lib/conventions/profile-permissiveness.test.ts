import { describe, expect, it } from "vitest";
import type { ProfileGrant } from "./conventions";
import {
  comparePermissiveness,
  opensAllOf,
  profileChoices,
  profilePreference,
  profilesLeastPermissiveFirst,
} from "./profile-permissiveness";

// Listed widest first, with names that sort against what they open: the rank must come from the grants.
const grants: ProfileGrant[] = [
  { profile: "a-public", gatewayIngress: ["internal", "external"], worldEgressPorts: [443, 80] },
  { profile: "b-web", gatewayIngress: ["internal"], worldEgressPorts: [80, 443] },
  { profile: "c-https", gatewayIngress: ["internal"], worldEgressPorts: [443] },
  { profile: "d-outbound", gatewayIngress: [], worldEgressPorts: [443] },
  { profile: "e-internal", gatewayIngress: ["internal"], worldEgressPorts: [] },
  { profile: "z-isolated", gatewayIngress: [], worldEgressPorts: [] },
];
const conventions = {
  profileGrants: grants,
  profiles: grants.map((g) => ({ name: g.profile, ingress: "", egress: "", use: "" })),
};
const names = (list: readonly ProfileGrant[]) => list.map((g) => g.profile);

describe("comparePermissiveness", () => {
  it("puts a profile that opens a subset of another's first, whatever the names", () => {
    expect(names([...grants].sort(comparePermissiveness))).toEqual([
      "z-isolated",
      // As much as e-internal, but no gateway lets anyone in.
      "d-outbound",
      "e-internal",
      "c-https",
      "b-web",
      "a-public",
    ]);
  });

  it("falls back to names only between profiles that open exactly as much", () => {
    const twin = { ...grants[2]!, profile: "a-twin" };
    expect(comparePermissiveness(twin, grants[2]!)).toBeLessThan(0);
    expect(comparePermissiveness(grants[2]!, twin)).toBeGreaterThan(0);
  });
});

describe("opensAllOf", () => {
  it("is true when every gateway and world port of the current profile stays open", () => {
    expect(opensAllOf(grants[1]!, grants[2]!)).toBe(true);
    expect(opensAllOf(grants[3]!, grants[2]!)).toBe(false);
  });
});

describe("profileChoices", () => {
  it("offers only profiles that keep what the current one opens, least permissive first", () => {
    expect(names(profileChoices(conventions, "e-internal", { worldPort: 443 }))).toEqual([
      "c-https",
      "b-web",
      "a-public",
    ]);
  });

  it("needs the port the drop asks for: 80 is opened by the web profile, not the https one", () => {
    expect(names(profileChoices(conventions, "c-https", { worldPort: 80 }))).toEqual(["b-web", "a-public"]);
  });

  it("a namespace without a profile (or with one the grants do not know) may take any", () => {
    expect(names(profileChoices(conventions, null, { worldPort: 443 }))).toEqual([
      "d-outbound",
      "c-https",
      "b-web",
      "a-public",
    ]);
    expect(names(profileChoices(conventions, "unknown", { gateway: "external" }))).toEqual(["a-public"]);
  });
});

describe("profilePreference", () => {
  it("ranks the profiles that keep what the namespace has before those that take something away", () => {
    expect(names(profilePreference(conventions, "d-outbound"))).toEqual([
      "c-https",
      "b-web",
      "a-public",
      "z-isolated",
      "e-internal",
    ]);
  });
});

describe("profilesLeastPermissiveFirst", () => {
  it("orders the conventions' profiles by what they open; profiles without a grant come last", () => {
    const withExtra = {
      ...conventions,
      profiles: [{ name: "legacy", ingress: "", egress: "", use: "" }, ...conventions.profiles],
    };
    expect(profilesLeastPermissiveFirst(withExtra)).toEqual([
      "z-isolated",
      "d-outbound",
      "e-internal",
      "c-https",
      "b-web",
      "a-public",
      "legacy",
    ]);
  });
});
