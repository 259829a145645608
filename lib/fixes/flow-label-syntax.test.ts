import { describe, expect, it } from "vitest";
import { PODS } from "@/lib/evaluator/testing/homelab-cluster";
import { hasInvalidLabels } from "./flow-label-syntax";
import { observed, podPeer, worldPeer } from "./testing/flows";

describe("hasInvalidLabels", () => {
  it("accepts pod labels Kubernetes accepts, and Cilium's own derived labels as they come", () => {
    const pod = podPeer({
      ...PODS.shop,
      labels: {
        ...PODS.shop.labels,
        "io.cilium.k8s.namespace.labels.a-rather-long-namespace-label-key-that-passes-sixty-three": "x",
      },
    });
    expect(hasInvalidLabels(observed(pod, worldPeer("1.2.3.4"), 443))).toBe(false);
  });

  it("refuses a bad value or key on either side, or a bad namespace", () => {
    const bad = (labels: Record<string, string>, namespace = PODS.shop.namespace) =>
      observed(podPeer(PODS.garage), podPeer({ ...PODS.shop, namespace, labels }), 8080);
    expect(hasInvalidLabels(bad({ app: "<b>x</b>" }))).toBe(true);
    expect(hasInvalidLabels(bad({ "bad key": "x" }))).toBe(true);
    expect(hasInvalidLabels(bad({ app: "x".repeat(64) }))).toBe(true);
    expect(hasInvalidLabels(bad({ app: "web" }, "Shop"))).toBe(true);
    expect(hasInvalidLabels(bad({ app: "web" }))).toBe(false);
  });
});
