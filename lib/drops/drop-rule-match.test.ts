import { describe, expect, it } from "vitest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { cidrCovers } from "@/lib/policy/cidr";
import { connectionOf, matchesPeer } from "./drop-rule-match";

describe("connectionOf", () => {
  it("undoes a reply", () => {
    const reply = testFlow({
      isReply: true,
      source: testPeer({ namespace: "database" }),
      destination: testPeer({ namespace: "app" }),
      sourcePort: 5432,
      destinationPort: 40_000,
    });
    const connection = connectionOf(reply);
    expect([connection.initiator.namespace, connection.responder.namespace, connection.port]).toEqual([
      "app",
      "database",
      5432,
    ]);
    expect(connectionOf(testFlow()).port).toBe(5432);
  });
});

describe("matchesPeer", () => {
  it("requires every selecting label", () => {
    const matcher = { kind: "pods" as const, namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
    expect(
      matchesPeer(matcher, testPeer({ namespace: "kube-system", labels: { "k8s-app": "kube-dns", x: "y" } })),
    ).toBe(true);
    expect(matchesPeer(matcher, testPeer({ namespace: "kube-system", labels: {} }))).toBe(false);
    expect(matchesPeer(matcher, testPeer({ namespace: "other", labels: { "k8s-app": "kube-dns" } }))).toBe(
      false,
    );
  });
});

describe("the CIDR test drop rules use (lib/policy/cidr)", () => {
  it.each([
    ["169.254.0.1", "169.254.0.0/16", true],
    ["169.254.255.255", "169.254.0.0/16", true],
    ["169.255.0.1", "169.254.0.0/16", false],
    ["10.1.2.3", "0.0.0.0/0", true],
    ["10.1.2.3", "10.1.2.3", true],
    ["10.1.2.300", "10.0.0.0/8", false],
    ["fe80::1", "169.254.0.0/16", false],
    ["10.1.2.3", "10.0.0.0/33", false],
  ])("%s in %s: %s", (ip, cidr, inside) => {
    expect(cidrCovers(cidr, [], ip)).toBe(inside);
  });
});
