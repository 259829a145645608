import { describe, expect, it } from "vitest";
import type { CiliumPolicyRule } from "@/lib/kube/types";
import { normalizePolicies } from "@/lib/policy/model";
import { ccnp, cnp, DNS_EGRESS } from "@/lib/policy/testing/builders";
import { descriptionFindings } from "./description-claims";

const ofCcnp = (spec: CiliumPolicyRule) =>
  descriptionFindings(normalizePolicies([ccnp("p", spec)], [], [])[0]!);
const ofCnp = (spec: CiliumPolicyRule) =>
  descriptionFindings(normalizePolicies([], [cnp("shop", "p", spec)], [])[0]!);
const WEB_443 = { toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" as const }] }] };

describe("a description that contradicts the rules", () => {
  it("an 'intra-namespace' CCNP whose empty selectors admit every namespace, with both texts", () => {
    const found = ofCcnp({
      description: "Allow intra-namespace traffic",
      endpointSelector: {},
      ingress: [{ fromEndpoints: [{}] }],
      egress: [{ toEndpoints: [{}] }],
    });
    expect(found).toEqual([
      {
        code: "description-contradicts-rules",
        severity: "warning",
        message:
          'CCNP p says "Allow intra-namespace traffic" but ingress rule 1 admits every pod of every namespace on any port; egress rule 1 reaches every pod of every namespace on any port',
        namespace: null,
        policy: { kind: "CCNP", name: "p" },
        rules: ["spec.ingress[0]", "spec.egress[0]"],
      },
    ]);
  });

  it.each([
    "Pods may talk to pods of their own namespace",
    "Allow traffic in the namespace",
    "Same namespace only",
  ])("reads the claim in %j", (description) => {
    const found = ofCcnp({ description, endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] });
    expect(found.map((f) => f.code)).toEqual(["description-contradicts-rules"]);
  });

  it("the same words hold for a CNP's [{}], which is its own namespace", () => {
    expect(
      ofCnp({
        description: "Pods talk within the same namespace",
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{}] }],
      }),
    ).toEqual([]);
  });

  it("'DNS only' with another port open", () => {
    const found = ofCnp({
      description: "Workers: DNS egress only",
      endpointSelector: {},
      egress: [DNS_EGRESS, WEB_443],
    });
    expect(found.map((f) => f.message)).toEqual([
      'CNP shop/p says "Workers: DNS egress only" but egress rule 2 allows egress on 443/TCP',
    ]);
    expect(found[0]?.namespace).toBe("shop");
    expect(ofCnp({ description: "DNS only", endpointSelector: {}, egress: [DNS_EGRESS] })).toEqual([]);
  });

  it("'no ingress' with an ingress rule; descriptions that claim nothing checkable pass", () => {
    expect(
      ofCcnp({
        description: "Profile isolated: no ingress, DNS egress only",
        endpointSelector: {},
        ingress: [{ fromEntities: ["world"] }],
      }).map((f) => f.rules),
    ).toEqual([["spec.ingress[0]"]]);
    expect(
      ofCcnp({ description: "Every pod may resolve names", endpointSelector: {}, egress: [WEB_443] }),
    ).toEqual([]);
    expect(ofCcnp({ endpointSelector: {}, egress: [WEB_443] })).toEqual([]);
  });
});
