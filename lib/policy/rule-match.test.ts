import { describe, expect, it } from "vitest";
import type { NormalizedRule, Peer } from "./model";
import {
  fqdnMatches,
  peerMatchesRemote,
  ruleAllowsAnyPort,
  ruleAllowsProtocol,
  ruleMatchesRemote,
} from "./rule-match";
import { namespaceInfo, podIdentityLabels } from "./selector";

function makeRule(partial: Partial<NormalizedRule>): NormalizedRule {
  return {
    id: "r",
    direction: "egress",
    deny: false,
    peers: [],
    requires: [],
    toPorts: [],
    icmps: [],
    ...partial,
  };
}

const pod = { kind: "endpoint" as const, labels: podIdentityLabels({ app: "web" }, namespaceInfo("shop")) };

describe("peerMatchesRemote", () => {
  it("world entities match outside addresses of their family; 0.0.0.0/0 matches world", () => {
    const v4: Peer = { type: "entity", entity: "world-ipv4" };
    expect(peerMatchesRemote(v4, { kind: "address", cidr: "1.2.3.4" })).toBe(true);
    expect(peerMatchesRemote(v4, { kind: "address", cidr: "2001:db8::1" })).toBe(false);
    expect(
      peerMatchesRemote({ type: "cidr", cidr: "0.0.0.0/0", except: [] }, { kind: "entity", entity: "world" }),
    ).toBe(true);
    expect(
      peerMatchesRemote(
        { type: "cidr", cidr: "10.0.0.0/8", except: [] },
        { kind: "entity", entity: "world" },
      ),
    ).toBe(false);
  });

  it("entity all matches everything, none nothing", () => {
    expect(peerMatchesRemote({ type: "entity", entity: "all" }, pod)).toBe(true);
    expect(peerMatchesRemote({ type: "entity", entity: "none" }, { kind: "entity", entity: "host" })).toBe(
      false,
    );
  });

  it("CIDR peers never match pods", () => {
    expect(peerMatchesRemote({ type: "cidr", cidr: "0.0.0.0/0", except: [] }, pod)).toBe(false);
  });

  it("requires selectors must match too", () => {
    const rule = makeRule({
      peers: [{ type: "any" }],
      requires: [{ requirements: [{ key: "env", operator: "In", values: ["prod"] }] }],
    });
    expect(ruleMatchesRemote(rule, pod)).toBe(false);
    expect(ruleMatchesRemote(rule, { kind: "endpoint", labels: { ...pod.labels, env: "prod" } })).toBe(true);
  });
});

describe("fqdnMatches", () => {
  it("matches names exactly and single-label wildcards", () => {
    expect(fqdnMatches({ matchName: "api.stripe.com" }, "API.stripe.com.")).toBe(true);
    expect(fqdnMatches({ matchPattern: "*.github.com" }, "api.github.com")).toBe(true);
    expect(fqdnMatches({ matchPattern: "*.github.com" }, "a.b.github.com")).toBe(false);
    expect(fqdnMatches({ matchPattern: "*" }, "anything.example")).toBe(true);
  });

  it("a leading **. stands for one or more labels, never none", () => {
    expect(fqdnMatches({ matchPattern: "**.github.com" }, "api.github.com")).toBe(true);
    expect(fqdnMatches({ matchPattern: "**.github.com" }, "a.b.github.com")).toBe(true);
    expect(fqdnMatches({ matchPattern: "**.github.com" }, "github.com")).toBe(false);
    expect(fqdnMatches({ matchPattern: "**.github.com" }, "evilgithub.com")).toBe(false);
  });

  it("answers at once for a pattern of many stars (a backtracking regex took minutes)", () => {
    const hostile = { matchPattern: "*".repeat(14) + ".example.org" };
    expect(fqdnMatches(hostile, "a".repeat(40) + ".example.com")).toBe(false);
    expect(fqdnMatches(hostile, "a".repeat(40) + ".example.org")).toBe(true);
  });
});

describe("port helpers", () => {
  it("any port: no toPorts, an empty ports list, or port 0", () => {
    expect(ruleAllowsAnyPort(makeRule({}))).toBe(true);
    expect(ruleAllowsAnyPort(makeRule({ toPorts: [{ ports: [], l7: null, serverNames: [] }] }))).toBe(true);
    expect(
      ruleAllowsAnyPort(
        makeRule({ toPorts: [{ ports: [{ port: null, protocol: "ANY" }], l7: null, serverNames: [] }] }),
      ),
    ).toBe(true);
    expect(
      ruleAllowsAnyPort(
        makeRule({ toPorts: [{ ports: [{ port: 53, protocol: "ANY" }], l7: null, serverNames: [] }] }),
      ),
    ).toBe(false);
    expect(ruleAllowsAnyPort(makeRule({ icmps: [{ family: "IPv4", type: 8 }] }))).toBe(false);
  });

  it("ruleAllowsProtocol checks for at least one port of the protocol", () => {
    const udpOnly = makeRule({
      toPorts: [{ ports: [{ port: 53, protocol: "UDP" }], l7: null, serverNames: [] }],
    });
    expect(ruleAllowsProtocol(udpOnly, "UDP")).toBe(true);
    expect(ruleAllowsProtocol(udpOnly, "TCP")).toBe(false);
  });
});
