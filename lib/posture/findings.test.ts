import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { CiliumNetworkPolicy, CiliumPolicyRule, NetworkPolicy } from "@/lib/kube/types";
import { normalizePolicies, type NormalizedPolicy } from "@/lib/policy/model";
import {
  ccnp,
  cnp,
  DNS_EGRESS,
  HEALTH_INGRESS,
  homelabBaselines,
  netpol,
  SCRAPE_INGRESS,
} from "@/lib/policy/testing/builders";
import { orPeerFindings, policyFindings, worstSeverity, type FindingCode } from "./findings";
import { policyRole } from "./policy-roles";

function codesOf(policy: NormalizedPolicy): FindingCode[] {
  return policyFindings(policy, policyRole(policy, DEFAULT_CONVENTIONS), DEFAULT_CONVENTIONS).map(
    (f) => f.code,
  );
}
const ofCnp = (spec: CiliumPolicyRule) => codesOf(normalizePolicies([], [cnp("shop", "p", spec)], [])[0]!);
const ofCcnp = (spec: CiliumPolicyRule) => codesOf(normalizePolicies([ccnp("p", spec)], [], [])[0]!);
const ofNetpol = (spec: NetworkPolicy["spec"]) =>
  codesOf(normalizePolicies([], [], [netpol("shop", "n", spec)])[0]!);

const WEB_443 = { toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" as const }] }] };

describe("explicit-default-deny", () => {
  it("flags a NetworkPolicy listing policyTypes without rules", () => {
    expect(ofNetpol({ podSelector: {}, policyTypes: ["Ingress", "Egress"] })).toContain(
      "explicit-default-deny",
    );
  });

  it("flags a Cilium policy whose only rule is empty", () => {
    expect(ofCnp({ endpointSelector: {}, ingress: [{}] })).toContain("explicit-default-deny");
  });

  it("flags a deny rule against everything on every port", () => {
    expect(ofCcnp({ endpointSelector: {}, egressDeny: [{ toEntities: ["all"] }] })).toContain(
      "explicit-default-deny",
    );
  });

  it("does not flag policies that allow something, targeted deny rules or a relaxed empty rule", () => {
    expect(ofCnp({ endpointSelector: {}, egress: [DNS_EGRESS] })).not.toContain("explicit-default-deny");
    expect(
      ofNetpol({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080 }] }] }),
    ).not.toContain("explicit-default-deny");
    expect(
      ofCcnp({ endpointSelector: {}, egressDeny: [{ toCIDRSet: [{ cidr: "169.254.169.254/32" }] }] }),
    ).not.toContain("explicit-default-deny");
    expect(
      ofCnp({ endpointSelector: {}, ingress: [{}], enableDefaultDeny: { ingress: false } }),
    ).not.toContain("explicit-default-deny");
  });
});

describe("hard-coded-ip", () => {
  it("flags CIDRs other than the health-probe range, in Cilium rules and ipBlocks", () => {
    expect(
      ofCnp({
        endpointSelector: {},
        ingress: [{ fromCIDR: ["10.0.0.0/8"], toPorts: [{ ports: [{ port: "80" }] }] }],
      }),
    ).toContain("hard-coded-ip");
    expect(
      ofNetpol({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "192.168.1.0/24" } }], ports: [{ port: 80 }] }],
      }),
    ).toContain("hard-coded-ip");
  });

  it("does not flag 169.254.0.0/16 or deny rules against an address", () => {
    expect(ofCnp({ endpointSelector: {}, ingress: HEALTH_INGRESS })).not.toContain("hard-coded-ip");
    expect(ofCcnp({ endpointSelector: {}, egressDeny: [{ toCIDR: ["169.254.169.254/32"] }] })).not.toContain(
      "hard-coded-ip",
    );
  });
});

describe("ip-block-for-cloud-endpoint", () => {
  it("flags egress to public addresses by IP", () => {
    const codes = ofNetpol({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "52.84.0.0/14" } }], ports: [{ port: 443 }] }],
    });
    expect(codes).toContain("ip-block-for-cloud-endpoint");
  });

  it("does not flag private egress, public ingress or FQDN rules", () => {
    expect(
      ofNetpol({
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "10.96.0.10/32" } }], ports: [{ port: 53 }] }],
      }),
    ).not.toContain("ip-block-for-cloud-endpoint");
    expect(
      ofCnp({
        endpointSelector: {},
        ingress: [{ fromCIDR: ["203.0.113.0/24"], toPorts: [{ ports: [{ port: "443" }] }] }],
      }),
    ).not.toContain("ip-block-for-cloud-endpoint");
    expect(
      ofCnp({
        endpointSelector: {},
        egress: [{ toFQDNs: [{ matchName: "api.stripe.com" }], toPorts: [{ ports: [{ port: "443" }] }] }],
      }),
    ).not.toContain("ip-block-for-cloud-endpoint");
  });
});

describe("any-port", () => {
  it("flags a rule without toPorts", () => {
    expect(ofCnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })).toContain("any-port");
  });

  it("flags protocol ANY with port 0 or no port", () => {
    expect(
      ofCnp({
        endpointSelector: {},
        egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "0", protocol: "ANY" }] }] }],
      }),
    ).toContain("any-port");
    expect(
      ofCnp({
        endpointSelector: {},
        egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ protocol: "ANY" }] }] }],
      }),
    ).toContain("any-port");
  });

  it("flags a NetworkPolicy rule without ports", () => {
    expect(ofNetpol({ podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })).toContain("any-port");
  });

  it("does not flag explicit ports, health-probe rules, deny rules or the escape hatch", () => {
    expect(
      ofCnp({ endpointSelector: {}, egress: [WEB_443, DNS_EGRESS], ingress: [SCRAPE_INGRESS] }),
    ).not.toContain("any-port");
    expect(ofCnp({ endpointSelector: {}, ingress: HEALTH_INGRESS })).not.toContain("any-port");
    expect(ofCcnp({ endpointSelector: {}, egressDeny: [{ toEntities: ["world"] }] })).not.toContain(
      "any-port",
    );
    const hatch = normalizePolicies(
      homelabBaselines().filter((p) => p.metadata.name === "escape-hatch"),
      [],
      [],
    )[0]!;
    expect(policyRole(hatch, DEFAULT_CONVENTIONS).role).toBe("escape-hatch");
    expect(codesOf(hatch)).not.toContain("any-port");
  });
});

describe("policy-problem", () => {
  it("reports a malformed policy", () => {
    const broken = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "x", namespace: "shop" },
    };
    const policy = normalizePolicies([], [broken as CiliumNetworkPolicy], [])[0]!;
    const found = policyFindings(policy, policyRole(policy, DEFAULT_CONVENTIONS), DEFAULT_CONVENTIONS);
    expect(found.map((f) => f.code)).toEqual(["policy-problem"]);
    expect(found[0]).toMatchObject({
      namespace: "shop",
      policy: { kind: "CNP", namespace: "shop", name: "x" },
    });
  });

  it("is silent for a well-formed policy", () => {
    expect(ofCnp({ endpointSelector: {}, egress: [DNS_EGRESS] })).toEqual([]);
  });
});

describe("or-peers-probably-and", () => {
  const ref = { kind: "NetworkPolicy" as const, namespace: "shop", name: "n" };

  it("flags podSelector and namespaceSelector given as two peers", () => {
    const policy = netpol("shop", "n", {
      podSelector: {},
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: "frontend" } } },
            { namespaceSelector: { matchLabels: { env: "prod" } } },
          ],
        },
      ],
    });
    const found = orPeerFindings(policy, ref);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "or-peers-probably-and", rules: ["spec.ingress[0]"] });
    expect(found[0]?.message).toMatch(/app=frontend.*env=prod/);
  });

  it("does not flag both selectors in one peer, or only one kind of peer", () => {
    const and = netpol("shop", "n", {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              podSelector: { matchLabels: { app: "frontend" } },
              namespaceSelector: { matchLabels: { env: "prod" } },
            },
          ],
        },
      ],
    });
    const pods = netpol("shop", "n", {
      podSelector: {},
      egress: [
        {
          to: [
            { podSelector: { matchLabels: { app: "a" } } },
            { podSelector: { matchLabels: { app: "b" } } },
          ],
        },
      ],
    });
    expect(orPeerFindings(and, ref)).toEqual([]);
    expect(orPeerFindings(pods, ref)).toEqual([]);
    expect(orPeerFindings({ metadata: { name: "x" } } as NetworkPolicy, ref)).toEqual([]);
  });
});

describe("worstSeverity", () => {
  it("picks critical over warning over info", () => {
    const f = (severity: "critical" | "warning" | "info") => ({
      code: "any-port" as const,
      severity,
      message: "",
      namespace: null,
      policy: null,
      rules: [],
    });
    expect(worstSeverity([f("info"), f("critical"), f("warning")])).toBe("critical");
    expect(worstSeverity([])).toBeNull();
  });
});

describe("host policies and unresolved variables", () => {
  const hostPolicy = {
    nodeSelector: { matchLabels: { "node-role.kubernetes.io/control-plane": "" } },
    ingress: [
      { fromCIDR: ["${NODE_CIDR}"], toPorts: [{ ports: [{ port: "6443", protocol: "TCP" as const }] }] },
    ],
  };

  it("a CIDR that is an unsubstituted variable is a rule not understood, not an explicit default-deny", () => {
    const policy = normalizePolicies([ccnp("host-fw", hostPolicy)], [], [])[0]!;
    expect(policy.ingress[0]).toMatchObject({ peers: [], unresolved: ["${NODE_CIDR}"] });
    const findings = policyFindings(policy, policyRole(policy, DEFAULT_CONVENTIONS), DEFAULT_CONVENTIONS);
    expect(findings.map((f) => f.code)).toEqual(["unresolved-variable"]);
    expect(findings[0]?.message).toBe(
      "CCNP host-fw ingress rule 1 is not understood: unresolved variable ${NODE_CIDR} in its CIDR; Sieve reads it as allowing nothing until the variable is substituted",
    );
    // The same on a pod policy, in a CIDRSet.
    expect(
      ofCnp({ endpointSelector: {}, egress: [{ toCIDRSet: [{ cidr: "${LAN_CIDR:=10.0.0.0/8}" }] }] }),
    ).toEqual(["unresolved-variable"]);
  });

  it("an empty rule still is an explicit default-deny", () => {
    expect(ofCnp({ endpointSelector: {}, egress: [{}] })).toContain("explicit-default-deny");
  });

  it("a host policy is a host policy: it is no baseline, whatever its nodeSelector", () => {
    const policy = normalizePolicies([ccnp("host-fw", { nodeSelector: {}, ingress: [{}] })], [], [])[0]!;
    expect(policy.subject.type).toBe("nodes");
    expect(policyRole(policy, DEFAULT_CONVENTIONS).role).toBe("host");
    expect(codesOf(policy)).not.toContain("explicit-default-deny");
  });
});
