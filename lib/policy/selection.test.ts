import { describe, expect, it } from "vitest";
import { normalizePolicies } from "./model";
import {
  appliesInDirection,
  buildSelectionIndex,
  policiesSelectingEndpoint,
  policiesSelectingNamespace,
  selectorCoverage,
} from "./selection";
import { namespaceInfo, podIdentityLabels } from "./selector";
import { ccnp, cnp, homelabBaselines, netpol } from "./testing/builders";

const PROFILE = "io.cilium.k8s.namespace.labels.network-policy.homelab/profile";

const policies = normalizePolicies(
  [
    ...homelabBaselines(),
    ccnp("by-name", {
      endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "shop" } },
      ingress: [{}],
    }),
    ccnp("by-label-exists", {
      endpointSelector: { matchExpressions: [{ key: PROFILE, operator: "Exists" }] },
      egress: [{ toEntities: ["kube-apiserver"] }],
    }),
    ccnp("web-pods-anywhere", {
      endpointSelector: { matchLabels: { app: "web" } },
      ingress: [{ fromEntities: ["health"] }],
    }),
    ccnp("host-policy", { nodeSelector: {}, ingress: [{ fromEntities: ["cluster"] }] }),
  ],
  [
    cnp("shop", "shop-all", { endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] }),
    cnp("shop", "shop-api", {
      endpointSelector: { matchLabels: { app: "api" } },
      egress: [{ toEntities: ["world"] }],
    }),
    cnp("batch", "batch-all", { endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] }),
  ],
  [netpol("shop", "np-web", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] })],
);
const index = buildSelectionIndex(policies);

const shop = namespaceInfo("shop", { "network-policy.homelab/profile": "standard" });
const disabled = namespaceInfo("broken", {
  "network-policy.homelab/profile": "standard",
  "network-policy.homelab/enforcement": "disabled",
});
const plain = namespaceInfo("plain");

function selected(ns: ReturnType<typeof namespaceInfo>): Record<string, string> {
  return Object.fromEntries(
    policiesSelectingNamespace(index, ns).map((s) => [s.policy.ref.name, s.coverage]),
  );
}

describe("policiesSelectingNamespace", () => {
  it("finds the baselines, the profile, the namespace's own policies and label-based CCNPs", () => {
    expect(selected(shop)).toEqual({
      "baseline-dns": "all",
      "baseline-health": "all",
      "baseline-scrape": "all",
      "profile-standard": "all",
      "by-name": "all",
      "by-label-exists": "all",
      "web-pods-anywhere": "some",
      "shop-all": "all",
      "shop-api": "some",
      "np-web": "some",
    });
  });

  it("can narrow to the policies taking part in one direction", () => {
    const egress = policiesSelectingNamespace(index, shop, "egress").map((s) => s.policy.ref.name);
    expect(egress).toContain("baseline-dns");
    expect(egress).not.toContain("baseline-health");
    expect(egress).not.toContain("np-web");
  });

  it("leaves out policies of other namespaces, other profiles and host policies", () => {
    const names = Object.keys(selected(shop));
    for (const absent of [
      "batch-all",
      "profile-isolated",
      "access-postgres",
      "escape-hatch",
      "host-policy",
    ]) {
      expect(names).not.toContain(absent);
    }
  });

  it("follows NotIn on the enforcement label: a disabled namespace loses baselines and gains the escape hatch", () => {
    const names = Object.keys(selected(disabled));
    expect(names).toContain("escape-hatch");
    expect(names).not.toContain("baseline-dns");
    expect(names).not.toContain("profile-standard");
  });

  it("a namespace without labels still gets the unkeyed cluster-wide policies", () => {
    expect(selected(plain)).toEqual({
      "baseline-dns": "all",
      "baseline-health": "all",
      "baseline-scrape": "all",
      "web-pods-anywhere": "some",
    });
  });
});

describe("selectorCoverage", () => {
  it("is decided by the namespace for namespace keys and left to pods for pod keys", () => {
    const sel = (
      requirements: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values: string[] }[],
    ) => ({
      requirements,
    });
    expect(selectorCoverage(sel([]), shop)).toBe("all");
    expect(
      selectorCoverage(sel([{ key: "io.kubernetes.pod.namespace", operator: "In", values: ["shop"] }]), shop),
    ).toBe("all");
    expect(
      selectorCoverage(sel([{ key: "io.kubernetes.pod.namespace", operator: "In", values: ["x"] }]), shop),
    ).toBeNull();
    expect(selectorCoverage(sel([{ key: "app", operator: "DoesNotExist", values: [] }]), shop)).toBe("some");
    expect(
      selectorCoverage(sel([{ key: "reserved:init", operator: "Exists", values: [] }]), shop),
    ).toBeNull();
  });
});

describe("policiesSelectingEndpoint", () => {
  it("narrows to the pod's labels and to a direction", () => {
    const api = podIdentityLabels({ app: "api" }, shop);
    const names = (direction?: "ingress" | "egress") =>
      policiesSelectingEndpoint(index, shop, api, direction)
        .map((p) => p.ref.name)
        .sort();
    expect(names()).toContain("shop-api");
    expect(names()).not.toContain("np-web");
    expect(names("egress")).toEqual(["baseline-dns", "by-label-exists", "profile-standard", "shop-api"]);
  });

  it("appliesInDirection follows rules and default deny", () => {
    const npWeb = policies.find((p) => p.ref.name === "np-web")!;
    expect(appliesInDirection(npWeb, "ingress")).toBe(true);
    expect(appliesInDirection(npWeb, "egress")).toBe(false);
  });
});
