// In-cluster configuration end to end: a service-account directory (token, ca.crt, namespace) and
// KUBERNETES_SERVICE_HOST/PORT as a pod has them, against the demo API server checking the bearer
// token, read through Sieve's real Kubernetes client; then the token file is rotated as kubelet
// does and the old token refused.

import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createDemoObjectStore,
  createDemoTlsIdentity,
  startDemoKubeApi,
  type DemoKubeApi,
} from "@/server/demo/kube-api";
import type { DemoObjectStore } from "@/server/demo/kube-api";
import { createApiTransport } from "./api-transport";
import { createClusterCache, type ClusterCache } from "./cluster-cache";
import { KubeConfigError, loadKubeConfig } from "./kubeconfig";
import { smallCluster } from "./testing/small-cluster";
import { waitUntil } from "./testing/wait-until";

const SA_PATH = "var/run/secrets/kubernetes.io/serviceaccount";

let root: string;
let serviceAccountDir: string;
let store: DemoObjectStore;
let api: DemoKubeApi;
let accepted: string;
let env: Record<string, string>;
let cache: ClusterCache | null = null;

/** Replaces the token file in one step, as kubelet swaps a projected volume's contents. */
function writeToken(token: string): void {
  const next = path.join(serviceAccountDir, ".token.next");
  writeFileSync(next, token);
  renameSync(next, path.join(serviceAccountDir, "token"));
}

function namespaceNames(body: unknown): string[] {
  return (body as { items: { metadata: { name: string } }[] }).items.map((item) => item.metadata.name);
}

/** A GET with an explicit bearer token, as an old holder of the token would send it. */
function statusWith(token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.request(new URL(`${api.url}/api/v1/namespaces`), {
      ca: api.tls.certificate,
      headers: { Authorization: `Bearer ${token}` },
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end();
  });
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "sieve-in-cluster-"));
  serviceAccountDir = path.join(root, SA_PATH);
  mkdirSync(serviceAccountDir, { recursive: true });
  store = createDemoObjectStore(smallCluster());
  accepted = "token-one";
  api = await startDemoKubeApi({ token: () => accepted, store });
  writeFileSync(path.join(serviceAccountDir, "ca.crt"), api.tls.certificate);
  writeFileSync(path.join(serviceAccountDir, "namespace"), "sieve");
  writeToken(accepted);
  const url = new URL(api.url);
  env = { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port };
});

afterEach(async () => {
  cache?.stop();
  cache = null;
  await api.stop();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("in-cluster configuration", () => {
  it("reads namespaces with the pod's token and CA, and uses a rotated token at once", async () => {
    const kc = loadKubeConfig({ inCluster: true, serviceAccountDir, env });
    expect(kc.getCurrentCluster()?.server).toBe(api.url);
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe("sieve");
    const transport = createApiTransport(kc);
    const expected = store.list("namespaces").map((n) => n.metadata.name);
    expect(expected.length).toBeGreaterThan(1);

    const first = await transport.getJson("/api/v1/namespaces", {}, AbortSignal.timeout(10_000));
    expect(namespaceNames(first).sort()).toEqual([...expected].sort());

    writeToken("token-two");
    accepted = "token-two";
    expect(await statusWith("token-one")).toBe(401);
    const second = await transport.getJson("/api/v1/namespaces", {}, AbortSignal.timeout(10_000));
    expect(namespaceNames(second).sort()).toEqual([...expected].sort());
  });

  it("keeps the running cache in sync across a token rotation and an API server restart with a new CA", async () => {
    const kc = loadKubeConfig({ inCluster: true, serviceAccountDir, env });
    cache = createClusterCache(kc, { kinds: ["namespaces"], backoff: { initialMs: 20, maxMs: 100 } });
    cache.start();
    await cache.whenSynced();
    const running = cache;
    const names = () => running.list("namespaces").map((n) => n.metadata.name);
    expect(names().sort()).toEqual(
      store
        .list("namespaces")
        .map((n) => n.metadata.name)
        .sort(),
    );

    // The new token only: every connection after the restart must carry it. The server also comes
    // back with a new certificate, and kubelet's projection of ca.crt changes with it.
    writeToken("token-three");
    accepted = "token-three";
    const port = Number(new URL(api.url).port);
    await api.stop();
    const tls = createDemoTlsIdentity(["127.0.0.1", "localhost"]);
    writeFileSync(path.join(serviceAccountDir, "ca.crt"), tls.certificate);
    api = await startDemoKubeApi({ token: () => accepted, store, port, tls });
    store.upsert({ apiVersion: "v1", kind: "Namespace", metadata: { name: "after-rotation" } });

    await waitUntil(
      (listener) => running.subscribe(listener),
      () => names().includes("after-rotation"),
      "the cache lists the namespace created after the rotation",
      10_000,
    );
    expect(running.syncStatus()[0]).toMatchObject({ kind: "namespaces", state: "synced" });
  });

  it("finds the service account without being told, when there is no kubeconfig", () => {
    vi.stubEnv("HOME", root); // no ~/.kube/config there
    const kc = loadKubeConfig({ serviceAccountDir, env });
    expect(kc.getCurrentContext()).toBe("in-cluster");
    expect(kc.getCurrentCluster()?.server).toBe(api.url);
  });

  it("says in one line what is missing", () => {
    const missing = (options: Parameters<typeof loadKubeConfig>[0]) => {
      try {
        loadKubeConfig(options);
      } catch (error) {
        expect(error).toBeInstanceOf(KubeConfigError);
        return (error as Error).message;
      }
      throw new Error("expected a KubeConfigError");
    };
    expect(missing({ inCluster: true, serviceAccountDir, env: {} })).toMatch(
      /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set/,
    );
    expect(
      missing({ inCluster: true, serviceAccountDir, env: { ...env, KUBERNETES_SERVICE_PORT: "http" } }),
    ).toMatch(/KUBERNETES_SERVICE_PORT "http" is not a port/);
    rmSync(path.join(serviceAccountDir, "token"));
    expect(missing({ inCluster: true, serviceAccountDir, env })).toBe(
      `in-cluster config: cannot read ${path.join(serviceAccountDir, "token")}: file not found`,
    );
  });

  it("is why Sieve reads the token itself: client-node's loadFromCluster keeps the old one", async () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", env.KUBERNETES_SERVICE_HOST!);
    vi.stubEnv("KUBERNETES_SERVICE_PORT", env.KUBERNETES_SERVICE_PORT!);
    const kc = new KubeConfig();
    kc.loadFromCluster(`${root}/`);
    const transport = createApiTransport(kc);
    await transport.getJson("/api/v1/namespaces", {}, AbortSignal.timeout(10_000));
    writeToken("token-two");
    accepted = "token-two";
    await expect(transport.getJson("/api/v1/namespaces", {}, AbortSignal.timeout(10_000))).rejects.toThrow(
      /401|Unauthorized/i,
    );
  });
});
