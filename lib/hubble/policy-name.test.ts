import { describe, expect, it } from "vitest";
import { policyName } from "./policy-name";

describe("policyName", () => {
  it("names a namespaced policy namespace/name and a cluster-wide one by its name", () => {
    expect(policyName("postgres-ingress", "database", undefined)).toBe("database/postgres-ingress");
    expect(policyName("allow-dns", "", [])).toBe("allow-dns");
  });

  it("falls back to the labels older agents send, and to nothing without a name", () => {
    const labels = ["k8s:io.cilium.k8s.policy.name=from-label", "k8s:io.cilium.k8s.policy.namespace=shop"];
    expect(policyName(undefined, undefined, labels)).toBe("shop/from-label");
    expect(policyName("explicit", undefined, labels)).toBe("shop/explicit");
    expect(policyName("", "shop", ["k8s:io.cilium.k8s.policy.namespace=shop"])).toBeNull();
  });
});
