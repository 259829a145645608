import { describe, expect, it } from "vitest";
import type { CiliumClusterwideNetworkPolicy, CiliumNetworkPolicy, NetworkPolicy } from "@/lib/kube/types";
import { normalizePolicies, type NormalizedPolicy, type NormalizedRule } from "./model";
import { ruleAllowsPort, ruleMatchesRemote, type Remote } from "./rule-match";
import { policySelectsEndpoint } from "./selection";
import { namespaceInfo, podIdentityLabels } from "./selector";
import { ccnp, cnp, netpol } from "./testing/builders";

function only(policies: NormalizedPolicy[]): NormalizedPolicy {
  expect(policies).toHaveLength(1);
  return policies[0]!;
}

function rule(policy: NormalizedPolicy, direction: "ingress" | "egress", index = 0): NormalizedRule {
  const found = (direction === "ingress" ? policy.ingress : policy.egress)[index];
  if (!found) throw new Error(`no ${direction}[${index}] in ${policy.id}`);
  return found;
}

const podIn = (
  namespace: string,
  labels: Record<string, string> = {},
  nsLabels: Record<string, string> = {},
): Remote => ({
  kind: "endpoint",
  labels: podIdentityLabels(labels, namespaceInfo(namespace, nsLabels)),
});
const world: Remote = { kind: "entity", entity: "world" };
const health: Remote = { kind: "entity", entity: "health" };

const fromCnp = (spec: Parameters<typeof cnp>[2]) =>
  only(normalizePolicies([], [cnp("shop", "p", spec)], []));
const fromCcnp = (spec: Parameters<typeof ccnp>[1]) => only(normalizePolicies([ccnp("p", spec)], [], []));

describe("subjects", () => {
  it("an empty endpointSelector in a CNP selects all pods of its namespace only", () => {
    const policy = fromCnp({ endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] });
    expect(policy.ref).toEqual({ kind: "CNP", namespace: "shop", name: "p" });
    expect(policySelectsEndpoint(policy, podIdentityLabels({ app: "x" }, namespaceInfo("shop")))).toBe(true);
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("other")))).toBe(false);
  });

  it("an empty endpointSelector in a CCNP selects all pods of the cluster", () => {
    const policy = fromCcnp({ endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] });
    expect(policy.ref).toEqual({ kind: "CCNP", name: "p" });
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("shop")))).toBe(true);
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("kube-system")))).toBe(true);
  });

  it("a CNP cannot select pods of another namespace", () => {
    const policy = fromCnp({
      endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "other" } },
    });
    expect(policy.problems.join()).toMatch(/namespace match other than shop/);
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("shop")))).toBe(true);
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("other")))).toBe(false);
  });

  it("a nodeSelector makes a host policy that selects no pod", () => {
    const policy = fromCcnp({ nodeSelector: {}, ingress: [{ fromEntities: ["cluster"] }] });
    expect(policy.subject.type).toBe("nodes");
    expect(policySelectsEndpoint(policy, podIdentityLabels({}, namespaceInfo("shop")))).toBe(false);
  });
});

describe("Cilium peer scoping", () => {
  it("a CNP fromEndpoints without a namespace key is limited to the policy's namespace", () => {
    const r = rule(
      fromCnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: "web" } }] }] }),
      "ingress",
    );
    expect(ruleMatchesRemote(r, podIn("shop", { app: "web" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("other", { app: "web" }))).toBe(false);
  });

  it("a CCNP fromEndpoints without a namespace key matches pods of every namespace", () => {
    const r = rule(
      fromCcnp({ endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: "web" } }] }] }),
      "ingress",
    );
    expect(ruleMatchesRemote(r, podIn("shop", { app: "web" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("other", { app: "web" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("other", { app: "api" }))).toBe(false);
  });

  it("an empty peer selector is the policy's namespace in a CNP and every pod (not world) in a CCNP", () => {
    const inCnp = rule(fromCnp({ endpointSelector: {}, egress: [{ toEndpoints: [{}] }] }), "egress");
    const inCcnp = rule(fromCcnp({ endpointSelector: {}, egress: [{ toEndpoints: [{}] }] }), "egress");
    expect(ruleMatchesRemote(inCnp, podIn("shop"))).toBe(true);
    expect(ruleMatchesRemote(inCnp, podIn("database"))).toBe(false);
    expect(ruleMatchesRemote(inCcnp, podIn("shop"))).toBe(true);
    expect(ruleMatchesRemote(inCcnp, podIn("database"))).toBe(true);
    expect(ruleMatchesRemote(inCcnp, world)).toBe(false);
  });

  it("an explicit namespace, with or without the k8s: prefix, wins over the policy's namespace", () => {
    for (const key of ["io.kubernetes.pod.namespace", "k8s:io.kubernetes.pod.namespace"]) {
      const r = rule(
        fromCnp({
          endpointSelector: {},
          egress: [{ toEndpoints: [{ matchLabels: { [key]: "kube-system", "k8s-app": "kube-dns" } }] }],
        }),
        "egress",
      );
      expect(ruleMatchesRemote(r, podIn("kube-system", { "k8s-app": "kube-dns" }))).toBe(true);
      expect(ruleMatchesRemote(r, podIn("shop", { "k8s-app": "kube-dns" }))).toBe(false);
    }
  });

  it("a CNP peer selecting by namespace labels is not limited to the policy's namespace", () => {
    const r = rule(
      fromCnp({
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{ matchLabels: { "io.cilium.k8s.namespace.labels.team": "ops" } }] }],
      }),
      "ingress",
    );
    expect(ruleMatchesRemote(r, podIn("tools", {}, { team: "ops" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("shop", {}, { team: "web" }))).toBe(false);
  });

  it("a matchExpressions NotIn on the namespace is not scoped and, like Cilium, also matches world", () => {
    const r = rule(
      fromCcnp({
        endpointSelector: {},
        ingress: [
          {
            fromEndpoints: [
              {
                matchExpressions: [
                  { key: "io.kubernetes.pod.namespace", operator: "NotIn", values: ["shop"] },
                ],
              },
            ],
          },
        ],
      }),
      "ingress",
    );
    expect(ruleMatchesRemote(r, podIn("shop"))).toBe(false);
    expect(ruleMatchesRemote(r, podIn("batch"))).toBe(true);
    expect(ruleMatchesRemote(r, world)).toBe(true);
  });

  it("a reserved: selector is not scoped and matches that entity", () => {
    const r = rule(
      fromCnp({
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{ matchLabels: { "reserved:host": "" } }] }],
      }),
      "ingress",
    );
    expect(ruleMatchesRemote(r, { kind: "entity", entity: "host" })).toBe(true);
    expect(ruleMatchesRemote(r, podIn("shop"))).toBe(false);
  });
});

describe("Cilium rules", () => {
  it("entities match their reserved identities; cluster covers pods but not world", () => {
    const policy = fromCcnp({
      endpointSelector: {},
      ingress: [{ fromEntities: ["health"] }, { fromEntities: ["cluster"] }],
    });
    expect(ruleMatchesRemote(rule(policy, "ingress", 0), health)).toBe(true);
    expect(ruleMatchesRemote(rule(policy, "ingress", 0), podIn("shop"))).toBe(false);
    expect(ruleMatchesRemote(rule(policy, "ingress", 1), podIn("shop"))).toBe(true);
    expect(ruleMatchesRemote(rule(policy, "ingress", 1), health)).toBe(true);
    expect(ruleMatchesRemote(rule(policy, "ingress", 1), world)).toBe(false);
  });

  it("a rule with only toPorts applies to every peer; an empty rule to none", () => {
    const policy = fromCnp({
      endpointSelector: {},
      ingress: [{ toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] }, {}],
    });
    expect(rule(policy, "ingress", 0).peers).toEqual([{ type: "any" }]);
    expect(ruleMatchesRemote(rule(policy, "ingress", 0), world)).toBe(true);
    expect(rule(policy, "ingress", 1).peers).toEqual([]);
    expect(policy.defaultDeny).toEqual({ ingress: true, egress: false });
  });

  it("ports: numbers, ranges, protocol ANY and port 0", () => {
    const policy = fromCnp({
      endpointSelector: {},
      egress: [
        {
          toEntities: ["world"],
          toPorts: [
            {
              ports: [
                { port: "8000", endPort: 8010, protocol: "TCP" },
                { port: "53", protocol: "ANY" },
                { port: "0", protocol: "UDP" },
              ],
            },
          ],
        },
      ],
    });
    const r = rule(policy, "egress");
    expect(r.toPorts[0]?.ports).toEqual([
      { port: 8000, endPort: 8010, protocol: "TCP" },
      { port: 53, protocol: "ANY" },
      { port: null, protocol: "UDP" },
    ]);
    expect(ruleAllowsPort(r, 8005, "TCP")).toBe(true);
    expect(ruleAllowsPort(r, 8011, "TCP")).toBe(false);
    expect(ruleAllowsPort(r, 53, "TCP")).toBe(true);
    expect(ruleAllowsPort(r, 9999, "UDP")).toBe(true);
    expect(ruleAllowsPort(r, 9999, "TCP")).toBe(false);
  });

  it("keeps L7 HTTP and DNS rules with their ports", () => {
    const policy = fromCnp({
      endpointSelector: {},
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { app: "frontend" } }],
          toPorts: [
            {
              ports: [{ port: "8080", protocol: "TCP" }],
              rules: { http: [{ method: "GET", path: "/api/v1/.*" }] },
            },
          ],
        },
      ],
      egress: [
        {
          toFQDNs: [{ matchPattern: "*.github.com" }],
          toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }],
        },
      ],
    });
    expect(rule(policy, "ingress").toPorts[0]?.l7).toEqual({
      type: "http",
      rules: [{ method: "GET", path: "/api/v1/.*" }],
    });
    expect(rule(policy, "egress").peers).toEqual([{ type: "fqdn", matchPattern: "*.github.com" }]);
    expect(ruleMatchesRemote(rule(policy, "egress"), { kind: "fqdn", name: "api.github.com" })).toBe(true);
    expect(ruleMatchesRemote(rule(policy, "egress"), { kind: "fqdn", name: "github.com" })).toBe(false);
  });

  it("keeps deny rules after allow rules, flagged", () => {
    const policy = fromCcnp({
      endpointSelector: {},
      egress: [{ toEntities: ["world"] }],
      egressDeny: [{ toCIDRSet: [{ cidr: "169.254.169.254/32" }] }],
    });
    expect(policy.egress.map((r) => [r.id, r.deny])).toEqual([
      ["spec.egress[0]", false],
      ["spec.egressDeny[0]", true],
    ]);
    expect(ruleMatchesRemote(rule(policy, "egress", 1), { kind: "address", cidr: "169.254.169.254" })).toBe(
      true,
    );
  });

  it("a deny-only policy also turns on default deny, unless enableDefaultDeny says otherwise", () => {
    expect(
      fromCcnp({ endpointSelector: {}, ingressDeny: [{ fromEntities: ["world"] }] }).defaultDeny.ingress,
    ).toBe(true);
    const relaxed = fromCcnp({
      endpointSelector: {},
      ingress: [{ fromEntities: ["health"] }],
      enableDefaultDeny: { ingress: false },
    });
    expect(relaxed.defaultDeny.ingress).toBe(false);
  });

  it("CIDR sets keep their except list", () => {
    const r = rule(
      fromCnp({
        endpointSelector: {},
        ingress: [{ fromCIDRSet: [{ cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] }] }],
      }),
      "ingress",
    );
    expect(r.peers).toEqual([{ type: "cidr", cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] }]);
    expect(ruleMatchesRemote(r, { kind: "address", cidr: "10.2.0.1" })).toBe(true);
    expect(ruleMatchesRemote(r, { kind: "address", cidr: "10.1.0.1" })).toBe(false);
  });

  it("normalizes every entry of specs as its own rule set", () => {
    const object: CiliumNetworkPolicy = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "multi", namespace: "shop" },
      specs: [
        { endpointSelector: { matchLabels: { app: "a" } }, ingress: [{ fromEntities: ["health"] }] },
        { endpointSelector: { matchLabels: { app: "b" } }, egress: [{ toEntities: ["world"] }] },
      ],
    };
    const policies = normalizePolicies([], [object], []);
    expect(policies.map((p) => [p.id, p.section])).toEqual([
      ["CNP/shop/multi#specs[0]", "specs[0]"],
      ["CNP/shop/multi#specs[1]", "specs[1]"],
    ]);
  });
});

describe("NetworkPolicy", () => {
  const npol = (spec: NetworkPolicy["spec"]) => only(normalizePolicies([], [], [netpol("shop", "n", spec)]));

  it("podSelector and namespaceSelector in one element are ANDed", () => {
    const policy = npol({
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
            },
          ],
        },
      ],
    });
    const r = rule(policy, "ingress");
    expect(r.peers).toHaveLength(1);
    expect(ruleMatchesRemote(r, podIn("monitoring", { "app.kubernetes.io/name": "prometheus" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("monitoring", { app: "grafana" }))).toBe(false);
    expect(ruleMatchesRemote(r, podIn("shop", { "app.kubernetes.io/name": "prometheus" }))).toBe(false);
  });

  it("separate elements are ORed; a lone podSelector means the policy's namespace", () => {
    const policy = npol({
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
    const r = rule(policy, "ingress");
    expect(r.peers).toHaveLength(2);
    expect(ruleMatchesRemote(r, podIn("shop", { app: "frontend" }))).toBe(true);
    expect(ruleMatchesRemote(r, podIn("other", { app: "frontend" }))).toBe(false);
    expect(ruleMatchesRemote(r, podIn("prod-x", { app: "anything" }, { env: "prod" }))).toBe(true);
  });

  it("an empty namespaceSelector is every pod in every namespace, never world", () => {
    const r = rule(npol({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }), "ingress");
    expect(ruleMatchesRemote(r, podIn("anything"))).toBe(true);
    expect(ruleMatchesRemote(r, world)).toBe(false);
  });

  it("a rule without from or ports admits every peer on every port; ports default to TCP", () => {
    const policy = npol({
      podSelector: {},
      ingress: [{}, { ports: [{ port: 8080 }, { port: "metrics" }, { protocol: "UDP" }] }],
    });
    expect(rule(policy, "ingress", 0)).toMatchObject({ peers: [{ type: "any" }], toPorts: [] });
    expect(rule(policy, "ingress", 1).toPorts[0]?.ports).toEqual([
      { port: 8080, protocol: "TCP" },
      { port: null, name: "metrics", protocol: "TCP" },
      { port: null, protocol: "UDP" },
    ]);
  });

  it("infers policyTypes and treats a listed type without rules as default deny", () => {
    expect(npol({ podSelector: {}, ingress: [{}] }).defaultDeny).toEqual({ ingress: true, egress: false });
    expect(npol({ podSelector: {}, egress: [{}] }).defaultDeny).toEqual({ ingress: true, egress: true });
    const denyAll = npol({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(denyAll.defaultDeny).toEqual({ ingress: true, egress: true });
    expect(denyAll.ingress).toEqual([]);
  });

  it("ipBlock becomes a CIDR peer with except", () => {
    const r = rule(
      npol({
        podSelector: {},
        egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24", except: ["203.0.113.50/32"] } }] }],
      }),
      "egress",
    );
    expect(r.peers).toEqual([{ type: "cidr", cidr: "203.0.113.0/24", except: ["203.0.113.50/32"] }]);
  });

  it("the subject is limited to the policy's namespace", () => {
    const policy = npol({ podSelector: { matchLabels: { app: "web" } }, ingress: [{}] });
    expect(policySelectsEndpoint(policy, podIdentityLabels({ app: "web" }, namespaceInfo("shop")))).toBe(
      true,
    );
    expect(policySelectsEndpoint(policy, podIdentityLabels({ app: "web" }, namespaceInfo("other")))).toBe(
      false,
    );
  });
});

describe("malformed objects", () => {
  const cases: [string, () => NormalizedPolicy[]][] = [
    [
      "CNP without spec",
      () =>
        normalizePolicies(
          [],
          [{ metadata: { name: "x", namespace: "a" } } as unknown as CiliumNetworkPolicy],
          [],
        ),
    ],
    [
      "CCNP with a string spec",
      () =>
        normalizePolicies(
          [{ metadata: { name: "x" }, spec: "nope" } as unknown as CiliumClusterwideNetworkPolicy],
          [],
          [],
        ),
    ],
    [
      "CNP without metadata",
      () => normalizePolicies([], [{ spec: { endpointSelector: {} } } as unknown as CiliumNetworkPolicy], []),
    ],
    [
      "NetworkPolicy without spec",
      () =>
        normalizePolicies([], [], [{ metadata: { name: "x", namespace: "a" } } as unknown as NetworkPolicy]),
    ],
    ["null object", () => normalizePolicies([null as unknown as CiliumClusterwideNetworkPolicy], [], [])],
    [
      "ingress that is not a list",
      () => normalizePolicies([ccnp("x", { endpointSelector: {}, ingress: "all" as unknown as [] })], [], []),
    ],
  ];
  for (const [name, run] of cases) {
    it(`${name}: yields a policy with problems, no throw, no rules`, () => {
      const policy = only(run());
      expect(policy.problems.length).toBeGreaterThan(0);
      expect(policy.ingress.filter((r) => r.peers.length > 0)).toEqual([]);
    });
  }

  it("a rule whose only port is malformed allows nothing rather than every port", () => {
    const policy = fromCnp({
      endpointSelector: {},
      ingress: [{ fromEntities: ["world"], toPorts: [{ ports: [{ port: "99999", protocol: "TCP" }] }] }],
    });
    expect(rule(policy, "ingress").peers).toEqual([]);
    expect(policy.problems.join()).toMatch(/outside 1-65535/);
  });

  it("a malformed peer is dropped without widening the rule", () => {
    const policy = fromCnp({
      endpointSelector: {},
      egress: [
        {
          toEndpoints: [{ matchExpressions: [{ key: "a", operator: "Bogus" as "In" }] }],
          toPorts: [{ ports: [{ port: "80" }] }],
        },
      ],
    });
    expect(rule(policy, "egress").peers).toEqual([]);
    expect(policy.problems.join()).toMatch(/operator/);
  });

  it("an unknown entity is reported and ignored", () => {
    const policy = fromCcnp({ endpointSelector: {}, ingress: [{ fromEntities: ["internet", "health"] }] });
    expect(rule(policy, "ingress").peers).toEqual([{ type: "entity", entity: "health" }]);
    expect(policy.problems.join()).toMatch(/internet/);
  });

  it("keeps ids unique when names repeat", () => {
    const policies = normalizePolicies(
      [ccnp("same", { endpointSelector: {} }), ccnp("same", { endpointSelector: {} })],
      [],
      [],
    );
    expect(new Set(policies.map((p) => p.id)).size).toBe(2);
  });
});
