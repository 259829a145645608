import { describe, expect, it } from "vitest";
import { smallCluster } from "@/server/kube/testing/small-cluster";
import { createDemoObjectStore, type DemoStoreEvent } from "./object-store";

describe("DemoObjectStore", () => {
  it("stamps objects from one resourceVersion counter", () => {
    const store = createDemoObjectStore(smallCluster());
    expect(store.resourceVersion()).toBe(10);
    expect(store.list("namespaces").map((n) => [n.metadata.name, n.metadata.resourceVersion])).toEqual([
      ["batch", "3"],
      ["database", "1"],
      ["shop", "2"],
    ]);
    expect(store.get("pods", "shop", "web-1")!.metadata.uid).toEqual(expect.any(String));
  });

  it("sets and removes labels, sends one event per real change, and none for a no-op", () => {
    const store = createDemoObjectStore(smallCluster());
    const events: DemoStoreEvent[] = [];
    const unsubscribe = store.subscribe((event) => events.push(event));

    store.patchLabels("namespaces", undefined, "shop", {
      team: "web",
      "network-policy.homelab/profile": null,
    });
    store.patchLabels("namespaces", undefined, "shop", { team: "web" });
    expect(store.get("namespaces", undefined, "shop")!.metadata.labels).toEqual({
      "kubernetes.io/metadata.name": "shop",
      team: "web",
    });
    expect(events.map((e) => [e.type, e.resourceVersion])).toEqual([["MODIFIED", 11]]);
    expect(events[0]!.previous!.metadata.labels).toHaveProperty("network-policy.homelab/profile", "standard");
    expect(store.patchLabels("namespaces", undefined, "nope", { a: "b" })).toBeUndefined();
    unsubscribe();
  });

  it("removes a namespace with its namespaced objects", () => {
    const store = createDemoObjectStore(smallCluster());
    const events: DemoStoreEvent[] = [];
    store.subscribe((event) => events.push(event));
    store.remove("namespaces", undefined, "shop");
    expect(events.map((e) => `${e.type} ${e.kind} ${e.object.metadata.name}`)).toEqual([
      "DELETED namespaces shop",
      "DELETED pods web-1",
      "DELETED pods web-2",
      "DELETED networkpolicies allow-web",
    ]);
    expect(store.list("pods")).toHaveLength(2);
    expect(store.remove("namespaces", undefined, "shop")).toBeUndefined();
  });

  it("answers lists as of an earlier resourceVersion, until history runs out", () => {
    const store = createDemoObjectStore(smallCluster(), { historyLimit: 3 });
    store.remove("pods", "shop", "web-1");
    store.upsert({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-3", namespace: "shop" } });
    expect(store.listAt("pods", 10)!).toHaveLength(4);
    expect(
      (store.listAt("pods", 10) as { metadata: { name: string } }[]).map((p) => p.metadata.name),
    ).toContain("web-1");
    expect(store.changesSince(10)).toHaveLength(2);
    store.patchLabels("namespaces", undefined, "shop", { a: "1" });
    store.patchLabels("namespaces", undefined, "shop", { a: "2" });
    expect(store.changesSince(10)).toBe("expired");
    expect(store.listAt("pods", 10)).toBe("expired");
    expect(store.oldestResumable()).toBe(11);
  });

  it("hands out frozen objects so that no reader can change history", () => {
    const store = createDemoObjectStore(smallCluster());
    const shop = store.get("namespaces", undefined, "shop")!;
    expect(() => {
      shop.metadata.labels!.x = "y";
    }).toThrow(TypeError);
  });

  it("refuses kinds it does not serve and namespaced objects without a namespace", () => {
    const store = createDemoObjectStore();
    expect(() => store.upsert({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } })).toThrow(
      /does not serve kind "Service"/,
    );
    expect(() => store.upsert({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } })).toThrow(
      /needs a namespace/,
    );
  });
});
