import { afterEach, describe, expect, it } from "vitest";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import type { KubeObject, WatchedKind } from "@/lib/kube/types";
import { createClusterCache, type ClusterCache, type ClusterCacheOptions } from "./cluster-cache";
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from "./testing/demo-cluster";
import { waitUntil } from "./testing/wait-until";

const FAST_RETRY: ClusterCacheOptions = { backoff: { initialMs: 5, maxMs: 20 } };

let cluster: DemoCluster | undefined;
let cache: ClusterCache | undefined;

afterEach(async () => {
  cache?.stop();
  await cluster?.close();
  cache = undefined;
  cluster = undefined;
});

async function setUp(demo: DemoClusterOptions = {}, options: ClusterCacheOptions = {}) {
  cluster = await startDemoCluster(demo);
  cache = createClusterCache(cluster.kubeConfig, { ...FAST_RETRY, ...options });
  cache.start();
  return { cluster, cache };
}

function until(condition: () => boolean, description: string) {
  return waitUntil((listener) => cache!.subscribe(listener), condition, description);
}

function watchesOpened(count: number) {
  return waitUntil(
    (listener) => cluster!.onRequests(listener),
    () => cluster!.requests.filter((r) => r.query.watch === "true").length >= count,
    `${count} watches are open`,
  );
}

function stateOf(kind: WatchedKind) {
  return cache!.syncStatus().find((status) => status.kind === kind)!;
}

function fingerprint(objects: readonly KubeObject[]): string[] {
  return objects
    .map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}@${o.metadata.resourceVersion}`)
    .sort();
}

function consistentWithServer(): boolean {
  return WATCHED_KINDS.every(
    ({ kind }) => fingerprint(cache!.list(kind)).join() === fingerprint(cluster!.store.list(kind)).join(),
  );
}

function listRequests(path: string, since = 0) {
  return cluster!.requests
    .slice(since)
    .filter((r) => r.path === path && r.method === "GET" && r.query.watch !== "true");
}

describe("cluster cache against the demo API server", () => {
  it("lists and watches all five kinds", async () => {
    await setUp();
    await cache!.whenSynced();

    expect(cache!.syncStatus().map((s) => [s.kind, s.state, s.count])).toEqual([
      ["namespaces", "synced", 3],
      ["pods", "synced", 4],
      ["networkpolicies", "synced", 1],
      ["ciliumnetworkpolicies", "synced", 1],
      ["ciliumclusterwidenetworkpolicies", "synced", 1],
    ]);
    expect(cache!.syncStatus().every((s) => s.lastSyncedAt !== null && s.error === null)).toBe(true);
    expect(cache!.list("pods").map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      "batch/worker-1",
      "database/postgres-0",
      "shop/web-1",
      "shop/web-2",
    ]);
    // List items of built-in kinds arrive without kind and apiVersion; the cache restores them.
    expect(cache!.list("networkpolicies")[0]).toMatchObject({
      kind: "NetworkPolicy",
      apiVersion: "networking.k8s.io/v1",
    });
    expect(cache!.list("ciliumclusterwidenetworkpolicies")[0]!.metadata.name).toBe("profile-isolated");
    await watchesOpened(5);
    const watch = cluster!.requests.find((r) => r.path === "/api/v1/pods" && r.query.watch === "true")!;
    expect(watch.query).toMatchObject({
      allowWatchBookmarks: "true",
      resourceVersion: expect.stringMatching(/^\d+$/),
    });
  });

  it("paginates the initial list with limit and continue", async () => {
    await setUp({}, { pageSize: 2 });
    await cache!.whenSynced();

    const pages = listRequests("/api/v1/pods");
    expect(pages.map((r) => r.query.limit)).toEqual(["2", "2"]);
    expect(pages[0]!.query.continue).toBeUndefined();
    expect(pages[1]!.query.continue).toEqual(expect.any(String));
    expect(listRequests("/api/v1/namespaces")).toHaveLength(2);
    expect(cache!.list("pods")).toHaveLength(4);
    expect(cache!.list("namespaces")).toHaveLength(3);
  });

  it("sees a namespace label change made with an HTTP merge patch, as kubectl label sends it", async () => {
    await setUp();
    await cache!.whenSynced();

    const reply = await cluster!.call(
      "PATCH",
      "/api/v1/namespaces/batch",
      { metadata: { labels: { "access.network-policy.homelab/postgres": "true" } } },
      "application/merge-patch+json",
    );
    expect(reply.code).toBe(200);
    await until(
      () =>
        cache!.list("namespaces").find((n) => n.metadata.name === "batch")?.metadata.labels?.[
          "access.network-policy.homelab/postgres"
        ] === "true",
      "the cache shows the new label",
    );
    expect(stateOf("namespaces").state).toBe("synced");
  });

  it("removes deleted objects", async () => {
    await setUp();
    await cache!.whenSynced();

    expect((await cluster!.call("DELETE", "/api/v1/namespaces/shop/pods/web-2")).code).toBe(200);
    await until(() => cache!.list("pods").length === 3, "the pod is gone");
    expect(cache!.list("pods").map((p) => p.metadata.name)).not.toContain("web-2");
  });

  it("relists after a watch ERROR 410 and ends consistent with the server", async () => {
    await setUp({ historyLimit: 2 });
    await cache!.whenSynced();
    await watchesOpened(5);

    await cluster!.stop();
    // While the cache is cut off, more changes than the server's history holds.
    cluster!.store.patchLabels("namespaces", undefined, "shop", {
      "network-policy.homelab/profile": "internal",
    });
    cluster!.store.remove("pods", "shop", "web-1");
    cluster!.store.upsert({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-3", namespace: "shop" } });
    cluster!.store.remove("ciliumnetworkpolicies", "database", "database-platform");
    const before = cluster!.requests.length;
    await cluster!.restart();

    await until(consistentWithServer, "the cache matches the server");
    const resumed = cluster!.requests
      .slice(before)
      .find((r) => r.path === "/api/v1/namespaces" && r.query.watch === "true");
    expect(resumed?.query.resourceVersion).toEqual(expect.any(String));
    expect(listRequests("/api/v1/namespaces", before).length).toBeGreaterThanOrEqual(1);
    expect(cache!.list("namespaces").find((n) => n.metadata.name === "shop")!.metadata.labels).toMatchObject({
      "network-policy.homelab/profile": "internal",
    });
    expect(cache!.list("ciliumnetworkpolicies")).toEqual([]);
    await until(() => cache!.syncStatus().every((s) => s.state === "synced"), "every kind is synced");
  });

  it("lists again in one page when the continue token expires mid-list (HTTP 410)", async () => {
    let churned = false;
    await setUp(
      {
        historyLimit: 1,
        onRequest: (request) => {
          if (request.path === "/api/v1/pods" && request.query.continue && !churned) {
            churned = true;
            for (const name of ["a", "b", "c"]) {
              cluster!.store.patchLabels("namespaces", undefined, "batch", { churn: name });
            }
          }
        },
      },
      { pageSize: 1 },
    );
    await cache!.whenSynced();

    const pods = listRequests("/api/v1/pods");
    expect(pods.at(-1)!.query).toEqual({});
    expect(cache!.list("pods")).toHaveLength(4);
    expect(stateOf("pods").state).toBe("synced");
  });

  it("reports errors while the server is away, keeps the last objects, and syncs again when it is back", async () => {
    await setUp();
    await cache!.whenSynced();
    await watchesOpened(5);
    const synced = stateOf("pods").lastSyncedAt;

    await cluster!.stop();
    await until(() => cache!.syncStatus().every((s) => s.state === "error"), "every kind is in error");
    expect(stateOf("pods").error).toMatch(/^https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(cache!.list("pods")).toHaveLength(4);
    expect(stateOf("pods")).toMatchObject({ count: 4, lastSyncedAt: synced });

    const before = cluster!.requests.length;
    await cluster!.restart();
    await until(() => cache!.syncStatus().every((s) => s.state === "synced"), "every kind is synced again");
    expect(cache!.syncStatus().every((s) => s.error === null)).toBe(true);
    // Nothing changed meanwhile, so the watches resumed where they were without a new list.
    expect(cluster!.requests.slice(before).filter((r) => r.query.watch !== "true")).toEqual([]);
  });

  it("reports 403 Forbidden for one kind and syncs the others", async () => {
    await setUp({ forbidden: ["pods"] });
    await until(
      () =>
        cache!.syncStatus().every((s) => (s.kind === "pods" ? s.state === "error" : s.state === "synced")),
      "pods are in error and the rest synced",
    );
    expect(stateOf("pods").error).toBe(
      '403 Forbidden: pods is forbidden: User "system:serviceaccount:sieve:sieve" cannot list resource "pods" in API group "" at the cluster scope',
    );
    expect(stateOf("pods")).toMatchObject({ count: 0, lastSyncedAt: null });
    expect(cache!.list("pods")).toEqual([]);
  });

  it("marks the Cilium kinds absent when the CRDs are not installed", async () => {
    await setUp({ ciliumCrds: false });
    await cache!.whenSynced();

    const states = Object.fromEntries(cache!.syncStatus().map((s) => [s.kind, s.state]));
    expect(states).toEqual({
      namespaces: "synced",
      pods: "synced",
      networkpolicies: "synced",
      ciliumnetworkpolicies: "absent",
      ciliumclusterwidenetworkpolicies: "absent",
    });
    expect(stateOf("ciliumnetworkpolicies")).toMatchObject({
      error: null,
      count: 0,
      lastSyncedAt: expect.any(Number),
    });
  });

  it("watches only the kinds asked for, and whenSynced rejects if stopped first", async () => {
    await setUp({ forbidden: ["namespaces"] }, { kinds: ["namespaces", "pods"] });
    const synced = cache!.whenSynced();
    cache!.stop();
    await expect(synced).rejects.toThrow("stopped");
    expect(cache!.syncStatus().map((s) => s.kind)).toEqual(["namespaces", "pods"]);
    expect(cache!.list("ciliumnetworkpolicies")).toEqual([]);
  });
});
