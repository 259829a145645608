import { describe, expect, it } from "vitest";
import type { CiliumPolicyRule, NetworkPolicy } from "@/lib/kube/types";
import { normalizePolicies, type NormalizedPolicy } from "./model";
import { describeSubject, renderPolicyRules, renderRule, ruleName } from "./render-rule";
import { ccnp, cnp, DNS_EGRESS, netpol } from "./testing/builders";

const options = { allowedCidrs: ["169.254.0.0/16"] };

function cnpPolicy(spec: CiliumPolicyRule): NormalizedPolicy {
  return normalizePolicies([], [cnp("shop", "p", spec)], [])[0]!;
}
function ccnpPolicy(spec: CiliumPolicyRule): NormalizedPolicy {
  return normalizePolicies([ccnp("p", spec)], [], [])[0]!;
}
function texts(policy: NormalizedPolicy): string[] {
  return renderPolicyRules(policy, options).map((r) => r.text);
}

describe("renderRule", () => {
  it("renders DNS egress to kube-dns", () => {
    const [dns] = renderPolicyRules(cnpPolicy({ endpointSelector: {}, egress: [DNS_EGRESS] }), options);
    expect(dns?.text).toBe("egress to kube-system pods k8s-app=kube-dns on 53/UDP, 53/TCP");
    expect(dns?.l7).toEqual(["DNS *"]);
  });

  it("renders entities, world, CIDRs with except and hard-coded IP notes", () => {
    const policy = cnpPolicy({
      endpointSelector: {},
      ingress: [
        { fromEntities: ["health"] },
        { fromCIDR: ["169.254.0.0/16"] },
        { fromCIDRSet: [{ cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] }] },
      ],
      egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }],
    });
    expect(texts(policy)).toEqual([
      "ingress from entity health on any port",
      "ingress from CIDR 169.254.0.0/16 on any port",
      "ingress from CIDR 10.0.0.0/8 except 10.1.0.0/16 (hard-coded IP) on any port",
      "egress to world on 443/TCP",
    ]);
    const rendered = renderPolicyRules(policy, options);
    expect(rendered[2]?.notes).toEqual(["hard-coded IP", "any port"]);
    expect(rendered[1]?.notes).toEqual(["any port"]);
    expect(rendered[3]?.notes).toEqual([]);
  });

  it("renders L7 HTTP rules, FQDNs and DNS patterns", () => {
    const policy = cnpPolicy({
      endpointSelector: {},
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { app: "frontend" } }],
          toPorts: [
            {
              ports: [{ port: "8080", protocol: "TCP" }],
              rules: {
                http: [
                  { method: "GET", path: "/api/v1/.*" },
                  { method: "POST", path: "/api/v1/orders" },
                ],
              },
            },
          ],
        },
      ],
      egress: [
        {
          toFQDNs: [{ matchName: "api.stripe.com" }, { matchPattern: "*.github.com" }],
          toPorts: [{ ports: [{ port: "443" }] }],
        },
      ],
    });
    const [http, fqdn] = renderPolicyRules(policy, options);
    expect(http?.text).toBe("ingress from shop pods app=frontend on 8080/TCP");
    expect(http?.l7).toEqual(["HTTP GET /api/v1/.*", "HTTP POST /api/v1/orders"]);
    expect(fqdn?.text).toBe("egress to FQDN api.stripe.com or FQDN *.github.com on 443 (any protocol)");
  });

  it("renders deny rules, port ranges, ICMP and empty rules", () => {
    const policy = ccnpPolicy({
      endpointSelector: {},
      ingress: [{}, { fromEntities: ["world"], icmps: [{ fields: [{ type: 8, family: "IPv4" }] }] }],
      egressDeny: [
        { toEntities: ["world"], toPorts: [{ ports: [{ port: "8000", endPort: 8100, protocol: "TCP" }] }] },
      ],
    } as CiliumPolicyRule);
    expect(texts(policy)).toEqual([
      "ingress: allows nothing (an empty rule only turns on default deny)",
      "ingress from world on ICMP type 8",
      "deny egress to world on 8000-8100/TCP",
    ]);
  });

  it("renders empty peer selectors as the namespace in a CNP and the cluster in a CCNP", () => {
    expect(texts(cnpPolicy({ endpointSelector: {}, egress: [{ toEndpoints: [{}] }] }))).toEqual([
      "egress to all pods in shop on any port",
    ]);
    expect(texts(ccnpPolicy({ endpointSelector: {}, egress: [{ toEndpoints: [{}] }] }))).toEqual([
      "egress to all pods in the cluster on any port",
    ]);
    expect(
      texts(ccnpPolicy({ endpointSelector: {}, egress: [{ toEndpoints: [{ matchLabels: { app: "x" } }] }] })),
    ).toEqual(["egress to pods app=x in any namespace on any port"]);
  });

  it("renders namespace-label and expression selectors", () => {
    const policy = ccnpPolicy({
      endpointSelector: {},
      ingress: [
        {
          fromEndpoints: [
            {
              matchLabels: { "io.cilium.k8s.namespace.labels.team": "ops" },
              matchExpressions: [
                { key: "tier", operator: "In", values: ["a", "b"] },
                { key: "io.kubernetes.pod.namespace", operator: "NotIn", values: ["kube-system"] },
                { key: "debug", operator: "DoesNotExist" },
              ],
            },
          ],
          toPorts: [{ ports: [{ port: "metrics", protocol: "TCP" }] }],
        },
      ],
    });
    expect(texts(policy)).toEqual([
      'ingress from pods tier in (a, b), !debug outside kube-system and in namespaces with team=ops on port "metrics"/TCP',
    ]);
  });

  it("renders NetworkPolicy peers, reading the namespace name label as the namespace", () => {
    const spec: NetworkPolicy["spec"] = {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
            },
          ],
          ports: [{ port: 9090 }],
        },
      ],
    };
    const policy = normalizePolicies([], [], [netpol("shop", "n", spec)])[0]!;
    expect(describeSubject(policy)).toBe("shop pods app=web");
    expect(texts(policy)).toEqual([
      "ingress from monitoring pods app.kubernetes.io/name=prometheus on 9090/TCP",
      "egress: default deny (no rule allows anything)",
    ]);
  });

  it("notes any-port allow rules but not deny rules", () => {
    const policy = ccnpPolicy({ endpointSelector: {}, ingressDeny: [{ fromEntities: ["world"] }] });
    expect(renderRule(policy.ingress[0]!, options).notes).toEqual([]);
  });
});

describe("Cilium label forms, unresolved variables and rule names", () => {
  it("renders a reserved.none DoesNotExist subject as every pod, and a reserved.<x> peer as its entity label", () => {
    const policy = normalizePolicies(
      [
        ccnp("p", {
          endpointSelector: { matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }] },
          ingress: [{ fromEndpoints: [{ matchLabels: { "reserved.host": "" } }] }],
        }),
      ],
      [],
      [],
    )[0]!;
    expect(describeSubject(policy)).toBe("all pods in the cluster");
    expect(renderRule(policy.ingress[0]!).text).toBe("ingress from entity host on any port");
  });

  it("renders a rule whose CIDR is an unsubstituted variable as not understood", () => {
    const policy = normalizePolicies(
      [ccnp("p", { nodeSelector: {}, egress: [{ toCIDR: ["${NODE_CIDR}"] }] })],
      [],
      [],
    )[0]!;
    expect(renderRule(policy.egress[0]!)).toMatchObject({
      text: "egress: not understood (unresolved variable ${NODE_CIDR})",
      notes: ["unresolved variable: render the repository with its value"],
    });
  });

  it("notes a rule every pod of every namespace passes: a CCNP's [{}], not a CNP's", () => {
    const spec = { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] };
    expect(renderRule(ccnpPolicy(spec).ingress[0]!).notes).toEqual([
      "any port",
      "every pod of every namespace",
    ]);
    expect(renderRule(cnpPolicy(spec).ingress[0]!).notes).toEqual(["any port"]);
  });

  it("names rules as people count them", () => {
    expect(ruleName("spec.ingress[0]", "ingress")).toBe("ingress rule 1");
    expect(ruleName("specs[1].egress[2]", "egress")).toBe("specs[1] egress rule 3");
    expect(ruleName("spec.ingressDeny[0]", "ingress")).toBe("ingressDeny rule 1");
  });
});

describe("describeSubject", () => {
  it("names the scope of CNP and CCNP subjects", () => {
    expect(describeSubject(cnpPolicy({ endpointSelector: {} }))).toBe("all pods in shop");
    expect(describeSubject(ccnpPolicy({ endpointSelector: {} }))).toBe("all pods in the cluster");
    expect(describeSubject(ccnpPolicy({ nodeSelector: {} }))).toBe("host policy (all nodes)");
    expect(
      describeSubject(
        ccnpPolicy({ nodeSelector: { matchLabels: { "node-role.kubernetes.io/control-plane": "" } } }),
      ),
    ).toBe("host policy (nodes node-role.kubernetes.io/control-plane=)");
  });
});
