import { describe, expect, it } from "vitest";
import { createDemoObjectStore, storedObjects, type DemoObjectStore } from "@/server/demo/kube-api";
import { cachedClusterView } from "./cluster-view-cache";
import { homelabObjects } from "./homelab-objects";

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);

const listed = (store: DemoObjectStore) => () => storedObjects(store);

describe("cachedClusterView", () => {
  it("prepares the policies once while the API server's objects stay the same", () => {
    const store = createDemoObjectStore(homelabObjects(NOW));
    const view = cachedClusterView(listed(store));
    const first = view();
    expect(view()).toBe(first);
    expect(view().policies).toBe(first.policies);
  });

  it("prepares them again after a kubectl label, and sees the new label", () => {
    const store = createDemoObjectStore(homelabObjects(NOW));
    const view = cachedClusterView(listed(store));
    const before = view();
    store.patchLabels("namespaces", undefined, "mealie", {
      "access.network-policy.homelab/postgres": "true",
    });
    const after = view();
    expect(after).not.toBe(before);
    expect(after.namespaceLabels("mealie")?.["access.network-policy.homelab/postgres"]).toBe("true");
    expect(before.namespaceLabels("mealie")?.["access.network-policy.homelab/postgres"]).toBeUndefined();
    expect(view()).toBe(after);
  });

  it("prepares them again when an object goes away", () => {
    const store = createDemoObjectStore(homelabObjects(NOW));
    const view = cachedClusterView(listed(store));
    const before = view();
    store.remove("ciliumnetworkpolicies", "uptime-kuma", "deny-kube-system");
    expect(view()).not.toBe(before);
  });

  it("treats copies with the same resourceVersions as unchanged, and objects without one by identity", () => {
    const store = createDemoObjectStore(homelabObjects(NOW));
    const view = cachedClusterView(() => listed(store)().map((object) => structuredClone(object)));
    expect(view()).toBe(view());

    let plain = homelabObjects(NOW);
    const unversioned = cachedClusterView(() => plain);
    const first = unversioned();
    expect(unversioned()).toBe(first);
    plain = homelabObjects(NOW);
    expect(unversioned()).not.toBe(first);
  });
});
