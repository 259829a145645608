import { describe, expect, it } from "vitest";
import type { CiliumPolicyRule, LabelSelector } from "@/lib/kube/types";
import { peerAdmitsEveryPod, ruleAdmitsEveryPod, selectorMatchesEveryPod } from "./every-pod";
import { normalizePolicies, type NormalizedRule } from "./model";
import { parseLabelSelector, type Selector } from "./selector";
import { ccnp, cnp } from "./testing/builders";

function ingressOf(kind: "CCNP" | "CNP", spec: CiliumPolicyRule): NormalizedRule {
  const policies =
    kind === "CCNP"
      ? normalizePolicies([ccnp("p", spec)], [], [])
      : normalizePolicies([], [cnp("shop", "p", spec)], []);
  const rule = policies[0]?.ingress[0];
  if (!rule) throw new Error("no ingress rule");
  return rule;
}

function parse(raw: unknown): Selector {
  const parsed = parseLabelSelector(raw, "sel");
  if (!parsed.selector) throw new Error(parsed.problems.join("; "));
  return parsed.selector;
}

describe("rules that admit every pod of every namespace", () => {
  it("a CCNP's fromEndpoints: [{}] does, a CNP's does not (it means the policy's namespace)", () => {
    expect(
      ruleAdmitsEveryPod(ingressOf("CCNP", { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })),
    ).toBe(true);
    expect(
      ruleAdmitsEveryPod(ingressOf("CNP", { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })),
    ).toBe(false);
  });

  it("selectors every pod meets do, even in a CNP: reserved.none DoesNotExist, reserved:all, namespace Exists", () => {
    const selectors: LabelSelector[] = [
      { matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }] },
      { matchLabels: { "reserved:all": "" } },
      { matchExpressions: [{ key: "k8s:io.kubernetes.pod.namespace", operator: "Exists" }] },
    ];
    for (const selector of selectors) {
      const rule = ingressOf("CNP", { endpointSelector: {}, ingress: [{ fromEndpoints: [selector] }] });
      expect(ruleAdmitsEveryPod(rule)).toBe(true);
    }
  });

  it("selectors that narrow by namespace or pod labels do not", () => {
    expect(selectorMatchesEveryPod(parse({ matchLabels: { app: "web" } }))).toBe(false);
    expect(selectorMatchesEveryPod(parse({ matchLabels: { "io.kubernetes.pod.namespace": "shop" } }))).toBe(
      false,
    );
    expect(
      selectorMatchesEveryPod(
        parse({
          matchExpressions: [{ key: "io.cilium.k8s.namespace.labels.team", operator: "DoesNotExist" }],
        }),
      ),
    ).toBe(false);
    expect(
      selectorMatchesEveryPod(
        parse({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["x"] }] }),
      ),
    ).toBe(false);
    expect(
      selectorMatchesEveryPod(
        parse({ matchExpressions: [{ key: "io.cilium.k8s.policy.cluster", operator: "DoesNotExist" }] }),
      ),
    ).toBe(false);
  });

  it("the entities cluster and all do, host and world do not; a rule with ports but no peer does", () => {
    expect(peerAdmitsEveryPod({ type: "entity", entity: "cluster" })).toBe(true);
    expect(peerAdmitsEveryPod({ type: "entity", entity: "all" })).toBe(true);
    expect(peerAdmitsEveryPod({ type: "entity", entity: "world" })).toBe(false);
    expect(peerAdmitsEveryPod({ type: "cidr", cidr: "0.0.0.0/0", except: [] })).toBe(false);
    const portsOnly = ingressOf("CCNP", {
      endpointSelector: {},
      ingress: [{ toPorts: [{ ports: [{ port: "9090", protocol: "TCP" }] }] }],
    });
    expect(ruleAdmitsEveryPod(portsOnly)).toBe(true);
  });

  it("fromRequires that narrow the peer, and deny rules, do not", () => {
    const required = ingressOf("CCNP", {
      endpointSelector: {},
      ingress: [{ fromEndpoints: [{}], fromRequires: [{ matchLabels: { env: "prod" } }] }],
    });
    expect(ruleAdmitsEveryPod(required)).toBe(false);
    const policies = normalizePolicies(
      [ccnp("p", { endpointSelector: {}, ingressDeny: [{ fromEndpoints: [{}] }] })],
      [],
      [],
    );
    expect(ruleAdmitsEveryPod(policies[0]!.ingress[0]!)).toBe(false);
  });
});
