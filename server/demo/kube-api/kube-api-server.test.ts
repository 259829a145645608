import https from "node:https";
import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "@/lib/kube/types";
import {
  startDemoCluster,
  type DemoCluster,
  type DemoClusterOptions,
} from "@/server/kube/testing/demo-cluster";
import { DEMO_TOKEN } from "@/server/kube/testing/demo-cluster";

let cluster: DemoCluster | undefined;
const openStreams: (() => void)[] = [];

afterEach(async () => {
  for (const close of openStreams.splice(0)) close();
  await cluster?.close();
  cluster = undefined;
});

async function setUp(options: DemoClusterOptions = {}) {
  cluster = await startDemoCluster(options);
  return cluster;
}

interface Reply {
  code: number;
  body: Record<string, unknown>;
  contentType: string | undefined;
}

function request(
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(cluster!.api.url + path), {
      method,
      ca: cluster!.api.tls.certificate,
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, ...headers },
    });
    req.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          code: response.statusCode ?? 0,
          body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text },
          contentType: response.headers["content-type"],
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const get = (path: string, headers?: Record<string, string>) => request(path, headers);

interface WatchStream {
  events: { type: string; object: Record<string, unknown> }[];
  /** Resolves once `count` events have arrived. */
  received(count: number): Promise<void>;
  ended: Promise<void>;
}

function watch(path: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const events: WatchStream["events"] = [];
    const waiters: { count: number; resolve: () => void }[] = [];
    let endStream = () => {};
    const ended = new Promise<void>((done) => (endStream = done));
    const req = https.request(new URL(cluster!.api.url + path), {
      ca: cluster!.api.tls.certificate,
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, ...headers },
    });
    openStreams.push(() => req.destroy());
    req.on("response", (response) => {
      let pending = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop()!;
        for (const line of lines) events.push(JSON.parse(line) as WatchStream["events"][number]);
        for (const waiter of waiters.filter((w) => events.length >= w.count)) waiter.resolve();
      });
      response.on("end", endStream);
      response.on("close", endStream);
      resolve({
        events,
        ended,
        received: (count) =>
          events.length >= count
            ? Promise.resolve()
            : new Promise((done) => waiters.push({ count, resolve: done })),
      });
    });
    req.on("error", reject);
    req.end();
  });
}

function names(list: Reply): string[] {
  return (list.body.items as KubeObject[]).map(
    (o) => (o.metadata.namespace ? `${o.metadata.namespace}/` : "") + o.metadata.name,
  );
}

describe("demo Kubernetes API server: discovery and authentication", () => {
  it("answers 401 with a Status without the bearer token, and health checks without it", async () => {
    await setUp();
    const reply = await request("/api/v1/namespaces", { Authorization: "Bearer wrong" });
    expect(reply.code).toBe(401);
    expect(reply.body).toMatchObject({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Unauthorized",
      code: 401,
    });
    expect((await request("/readyz", { Authorization: "" })).code).toBe(200);
  });

  it("serves version, API versions, groups and resource lists", async () => {
    await setUp();
    expect((await get("/version")).body).toMatchObject({
      major: "1",
      gitVersion: expect.stringMatching(/^v1\./),
    });
    expect((await get("/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });

    const core = (await get("/api/v1")).body;
    expect(core).toMatchObject({ kind: "APIResourceList", groupVersion: "v1" });
    expect(core.resources).toContainEqual(
      expect.objectContaining({
        name: "namespaces",
        singularName: "namespace",
        namespaced: false,
        kind: "Namespace",
        shortNames: ["ns"],
        verbs: expect.arrayContaining(["get", "list", "watch", "patch"]),
      }),
    );

    const groups = (await get("/apis")).body;
    expect(groups).toMatchObject({ kind: "APIGroupList" });
    expect((groups.groups as { name: string }[]).map((g) => g.name)).toEqual([
      "networking.k8s.io",
      "cilium.io",
    ]);
    expect((await get("/apis/cilium.io")).body).toMatchObject({
      kind: "APIGroup",
      preferredVersion: { groupVersion: "cilium.io/v2", version: "v2" },
    });
    const cilium = (await get("/apis/cilium.io/v2")).body;
    expect(cilium.resources).toContainEqual(
      expect.objectContaining({
        name: "ciliumclusterwidenetworkpolicies",
        namespaced: false,
        shortNames: ["ccnp"],
      }),
    );
  });

  it("leaves out the cilium.io group when the CRDs are not installed", async () => {
    await setUp({ ciliumCrds: false });
    const groups = (await get("/apis")).body.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(["networking.k8s.io"]);
    const missing = await get("/apis/cilium.io/v2/ciliumnetworkpolicies");
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ kind: "Status", reason: "NotFound" });
    expect((await get("/apis/cilium.io/v2")).code).toBe(404);
  });

  it("forbids the kinds it is told to, with the API server's wording", async () => {
    await setUp({ forbidden: ["pods"] });
    const reply = await get("/api/v1/namespaces/shop/pods");
    expect(reply.code).toBe(403);
    expect(reply.body).toMatchObject({
      reason: "Forbidden",
      message:
        'pods is forbidden: User "system:serviceaccount:sieve:sieve" cannot list resource "pods" in API group "" in the namespace "shop"',
    });
    expect((await get("/api/v1/namespaces")).code).toBe(200);
  });
});

describe("demo Kubernetes API server: reads", () => {
  it("lists cluster-wide and per namespace, built-in items without kind as kube-apiserver does", async () => {
    await setUp();
    const pods = await get("/api/v1/pods");
    expect(pods.body).toMatchObject({
      kind: "PodList",
      apiVersion: "v1",
      metadata: { resourceVersion: "10" },
    });
    expect(names(pods)).toEqual(["batch/worker-1", "database/postgres-0", "shop/web-1", "shop/web-2"]);
    expect((pods.body.items as KubeObject[])[0]!.kind).toBeUndefined();
    expect(names(await get("/api/v1/namespaces/shop/pods"))).toEqual(["shop/web-1", "shop/web-2"]);
    const cnps = await get("/apis/cilium.io/v2/ciliumnetworkpolicies");
    expect((cnps.body.items as KubeObject[])[0]).toMatchObject({
      kind: "CiliumNetworkPolicy",
      apiVersion: "cilium.io/v2",
    });
    expect(names(await get("/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies"))).toEqual([
      "shop/allow-web",
    ]);
  });

  it("gets one object, or a NotFound Status", async () => {
    await setUp();
    const shop = await get("/api/v1/namespaces/shop");
    expect(shop.body).toMatchObject({
      kind: "Namespace",
      apiVersion: "v1",
      metadata: { name: "shop", uid: expect.any(String) },
    });
    const missing = await get("/api/v1/namespaces/shop/pods/nope");
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: "NotFound",
      message: 'pods "nope" not found',
      details: { name: "nope", kind: "pods" },
    });
    expect((await get("/api/v1/pods/web-1")).code).toBe(404);
  });

  it("filters by label and field selectors", async () => {
    await setUp();
    expect(names(await get("/api/v1/pods?labelSelector=app%3Dweb"))).toEqual(["shop/web-1", "shop/web-2"]);
    expect(names(await get("/api/v1/pods?labelSelector=app!%3Dweb"))).toEqual([
      "batch/worker-1",
      "database/postgres-0",
    ]);
    expect(names(await get("/api/v1/pods?labelSelector=app%20in%20(worker,postgres)"))).toEqual([
      "batch/worker-1",
      "database/postgres-0",
    ]);
    expect(names(await get("/api/v1/namespaces?labelSelector=network-policy.homelab/profile"))).toEqual([
      "batch",
      "shop",
    ]);
    expect(names(await get("/api/v1/pods?fieldSelector=metadata.name%3Dweb-2"))).toEqual(["shop/web-2"]);
    expect((await get("/api/v1/pods?labelSelector=%3D%3D")).code).toBe(400);
  });

  it("paginates with limit and continue over a consistent snapshot", async () => {
    const { store } = await setUp();
    const first = await get("/api/v1/pods?limit=3");
    const meta = first.body.metadata as {
      continue: string;
      remainingItemCount: number;
      resourceVersion: string;
    };
    expect(names(first)).toEqual(["batch/worker-1", "database/postgres-0", "shop/web-1"]);
    expect(meta.remainingItemCount).toBe(1);

    store.remove("pods", "shop", "web-2");
    const second = await get(`/api/v1/pods?limit=3&continue=${meta.continue}`);
    expect(names(second)).toEqual(["shop/web-2"]);
    expect(second.body.metadata).toMatchObject({ resourceVersion: meta.resourceVersion });
    expect((second.body.metadata as { continue?: string }).continue).toBeUndefined();
  });

  it("answers 410 Expired for a continue token older than its history", async () => {
    const { store } = await setUp({ historyLimit: 1 });
    const first = await get("/api/v1/namespaces?limit=1");
    store.patchLabels("namespaces", undefined, "shop", { a: "1" });
    store.patchLabels("namespaces", undefined, "shop", { a: "2" });
    const expired = await get(
      `/api/v1/namespaces?limit=1&continue=${(first.body.metadata as { continue: string }).continue}`,
    );
    expect(expired.code).toBe(410);
    expect(expired.body).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
    expect((await get("/api/v1/namespaces?limit=1&continue=garbage")).code).toBe(400);
  });

  it("renders a meta.k8s.io Table when kubectl asks for one", async () => {
    await setUp();
    const accept =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    const table = await get("/api/v1/pods?limit=500", { Accept: accept });
    expect(table.contentType).toBe("application/json;as=Table;v=v1;g=meta.k8s.io");
    expect(table.body).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1" });
    expect((table.body.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual([
      "Name",
      "Ready",
      "Status",
      "Restarts",
      "Age",
      "IP",
      "Node",
    ]);
    const rows = table.body.rows as { cells: unknown[]; object: KubeObject }[];
    expect(rows[0]!.cells.slice(0, 4)).toEqual(["worker-1", "1/1", "Running", 0]);
    expect(rows[0]!.object).toMatchObject({
      kind: "PartialObjectMetadata",
      metadata: { name: "worker-1", namespace: "batch" },
    });

    const namespaces = await get("/api/v1/namespaces/shop", { Accept: accept });
    expect((namespaces.body.rows as { cells: unknown[] }[])[0]!.cells).toEqual([
      "shop",
      "Active",
      expect.stringMatching(/^\d+[smhdy]/),
    ]);
  });
});

describe("demo Kubernetes API server: watches", () => {
  it("streams changes after a resourceVersion, turning selection changes into ADDED and DELETED", async () => {
    const { store } = await setUp();
    const list = await get("/api/v1/namespaces?labelSelector=network-policy.homelab/profile%3Dinternal");
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    const stream = await watch(
      `/api/v1/namespaces?watch=true&resourceVersion=${rv}&labelSelector=network-policy.homelab/profile%3Dinternal`,
    );

    store.patchLabels("namespaces", undefined, "shop", { "network-policy.homelab/profile": "internal" });
    store.patchLabels("namespaces", undefined, "shop", { team: "web" });
    store.patchLabels("namespaces", undefined, "shop", { "network-policy.homelab/profile": "standard" });
    store.patchLabels("namespaces", undefined, "batch", { team: "jobs" });
    await stream.received(3);
    expect(stream.events.map((e) => `${e.type} ${(e.object.metadata as { name: string }).name}`)).toEqual([
      "ADDED shop",
      "MODIFIED shop",
      "DELETED shop",
    ]);
    expect(Number((stream.events[2]!.object.metadata as { resourceVersion: string }).resourceVersion)).toBe(
      store.resourceVersion() - 1,
    );
  });

  it("starts with the current objects as ADDED when no resourceVersion is given, then follows deletes", async () => {
    const { store } = await setUp();
    const stream = await watch("/api/v1/namespaces/shop/pods?watch=1");
    await stream.received(2);
    store.remove("namespaces", undefined, "shop");
    await stream.received(4);
    expect(stream.events.map((e) => `${e.type} ${(e.object.metadata as { name: string }).name}`)).toEqual([
      "ADDED web-1",
      "ADDED web-2",
      "DELETED web-1",
      "DELETED web-2",
    ]);
  });

  it("sends an ERROR event with a 410 Status for a resourceVersion older than its history", async () => {
    const { store } = await setUp({ historyLimit: 1 });
    store.patchLabels("namespaces", undefined, "shop", { a: "1" });
    store.patchLabels("namespaces", undefined, "shop", { a: "2" });
    const stream = await watch("/api/v1/namespaces?watch=true&resourceVersion=3");
    await stream.ended;
    expect(stream.events).toEqual([
      {
        type: "ERROR",
        object: expect.objectContaining({
          kind: "Status",
          code: 410,
          reason: "Expired",
          message: "too old resource version: 3 (11)",
        }),
      },
    ]);
  });

  it("ends the stream after timeoutSeconds with a last bookmark", async () => {
    await setUp();
    const stream = await watch(
      "/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies?watch=true&resourceVersion=10&timeoutSeconds=0.05&allowWatchBookmarks=true",
    );
    await stream.ended;
    expect(stream.events).toEqual([
      {
        type: "BOOKMARK",
        object: {
          kind: "CiliumClusterwideNetworkPolicy",
          apiVersion: "cilium.io/v2",
          metadata: { resourceVersion: "10" },
        },
      },
    ]);
  });
});

describe("demo Kubernetes API server: writes", () => {
  const json = { "Content-Type": "application/json" };

  it("creates, rejects duplicates and creations in a missing namespace", async () => {
    const { store } = await setUp();
    const created = await request(
      "/api/v1/namespaces",
      json,
      "POST",
      JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "new" } }),
    );
    expect(created.code).toBe(201);
    expect(created.body).toMatchObject({
      metadata: { name: "new", resourceVersion: "11" },
      status: { phase: "Active" },
    });
    expect(store.get("namespaces", undefined, "new")).toBeDefined();

    const again = await request(
      "/api/v1/namespaces",
      json,
      "POST",
      JSON.stringify({ metadata: { name: "new" } }),
    );
    expect(again.body).toMatchObject({ code: 409, reason: "AlreadyExists" });
    const orphan = await request(
      "/api/v1/namespaces/ghost/pods",
      json,
      "POST",
      JSON.stringify({ metadata: { name: "p" } }),
    );
    expect(orphan.body).toMatchObject({ code: 404, message: 'namespaces "ghost" not found' });
    expect(
      (await request("/api/v1/pods", json, "POST", JSON.stringify({ metadata: { name: "p" } }))).code,
    ).toBe(405);
  });

  it("patches labels with merge, strategic merge and JSON patches", async () => {
    const { store } = await setUp();
    const merge = await request(
      "/api/v1/namespaces/shop",
      { "Content-Type": "application/merge-patch+json" },
      "PATCH",
      JSON.stringify({ metadata: { labels: { team: "web", "network-policy.homelab/profile": null } } }),
    );
    expect(merge.code).toBe(200);
    expect(store.get("namespaces", undefined, "shop")!.metadata.labels).toEqual({
      "kubernetes.io/metadata.name": "shop",
      team: "web",
    });

    await request(
      "/api/v1/namespaces/shop",
      { "Content-Type": "application/strategic-merge-patch+json" },
      "PATCH",
      JSON.stringify({ metadata: { annotations: { note: "x" }, "$setElementOrder/finalizers": [] } }),
    );
    expect(store.get("namespaces", undefined, "shop")!.metadata).toMatchObject({
      annotations: { note: "x" },
    });

    await request(
      "/api/v1/namespaces/shop",
      { "Content-Type": "application/json-patch+json" },
      "PATCH",
      JSON.stringify([{ op: "replace", path: "/metadata/labels/team", value: "shop" }]),
    );
    expect(store.get("namespaces", undefined, "shop")!.metadata.labels?.team).toBe("shop");

    const unsupported = await request(
      "/api/v1/namespaces/shop",
      { "Content-Type": "application/apply-patch+yaml" },
      "PATCH",
      "{}",
    );
    expect(unsupported.code).toBe(415);
    const rename = await request(
      "/api/v1/namespaces/shop",
      { "Content-Type": "application/merge-patch+json" },
      "PATCH",
      JSON.stringify({ metadata: { name: "other" } }),
    );
    expect(rename.code).toBe(400);
  });

  it("updates with optimistic concurrency and deletes", async () => {
    const { store } = await setUp();
    const pod = (await get("/api/v1/namespaces/shop/pods/web-1")).body as unknown as KubeObject;
    const stale = {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: "1", labels: { app: "web", v: "2" } },
    };
    expect(
      (await request("/api/v1/namespaces/shop/pods/web-1", json, "PUT", JSON.stringify(stale))).body,
    ).toMatchObject({
      code: 409,
      reason: "Conflict",
    });
    const fresh = { ...pod, metadata: { ...pod.metadata, labels: { app: "web", v: "2" } } };
    expect(
      (await request("/api/v1/namespaces/shop/pods/web-1", json, "PUT", JSON.stringify(fresh))).code,
    ).toBe(200);
    expect(store.get("pods", "shop", "web-1")!.metadata.labels).toEqual({ app: "web", v: "2" });

    expect((await request("/api/v1/namespaces/shop/pods/web-1", {}, "DELETE")).code).toBe(200);
    expect(store.get("pods", "shop", "web-1")).toBeUndefined();
    expect((await request("/api/v1/namespaces/shop/pods/web-1", {}, "DELETE")).code).toBe(404);
    expect((await request("/api/v1/namespaces/shop/pods/web-2", {}, "POST")).code).toBe(405);
  });
});
