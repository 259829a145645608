import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import { groupDrops } from "@/lib/drops/drop-groups";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { hubbleFixture } from "@/lib/hubble/fixtures";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { getClusterView } from "./cluster-view";
import { startFaultProxy, type FaultProxy } from "./demo/fault-proxy";
import { createDemoTlsIdentity, startDemoKubeApi, writeKubeconfig, type DemoKubeApi } from "./demo/kube-api";
import { homelabObjects } from "./demo/scenario/homelab-objects";
import { startFlowFeed, type FlowFeed } from "./hubble/flow-feed";
import { startTestObserver, type TestObserver } from "./hubble/testing/test-observer";
import { createClusterCache, type ClusterCache } from "./kube/cluster-cache";
import { loadKubeConfig } from "./kube/kubeconfig";
import { waitUntil } from "./kube/testing/wait-until";
import type { SieveRuntime } from "./runtime";
import { buildStatus } from "./status";

// Fault injection at the process boundary: the real API server and relay of the demo behind a
// TCP proxy that can refuse or freeze (a SIGSTOPped server), a relay whose stream stalls while it
// still answers, 401/403 per kind and a CA change. Each case asserts what Sieve's status, posture
// and drops say, and that answering stays fast while a source hangs.

const TOKEN = "fault-injection-token";
const WATCHDOG = { probeIntervalMs: 250, silenceMs: 1_500 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  runtime: SieveRuntime;
  api: () => DemoKubeApi;
  proxy: FaultProxy;
  cache: ClusterCache;
  /** The same objects on the same port, under a new self-signed CA; the kubeconfig still names the old one. */
  restartWithNewCa(): Promise<void>;
  writeKubeconfig(): Promise<void>;
}

async function cluster(): Promise<Harness> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-faults-"));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const kubeconfigPath = path.join(directory, "kubeconfig");
  let api = await startDemoKubeApi({ token: TOKEN, objects: homelabObjects(Date.now()) });
  cleanups.push(() => api.stop());
  const proxy = await startFaultProxy({ target: { host: "127.0.0.1", port: Number(new URL(api.url).port) } });
  cleanups.push(() => proxy.stop());
  const write = () =>
    writeKubeconfig(kubeconfigPath, {
      server: `https://${proxy.address}`,
      token: TOKEN,
      contextName: "faults",
      certificateAuthority: api.tls.certificate,
    });
  await write();
  const settings = { kubeconfigPath, inCluster: false };
  const cache = createClusterCache(loadKubeConfig(settings), {
    backoff: { initialMs: 20, maxMs: 100 },
    probeIntervalMs: WATCHDOG.probeIntervalMs,
    reload: () => loadKubeConfig(settings),
  });
  cache.start();
  cleanups.push(() => cache.stop());
  const { config } = parseSieveConfig({});
  const runtime = {
    config: { ...config, watchdog: WATCHDOG },
    problems: [],
    cluster: cache,
    flows: null,
    preview: null,
    conventionOverrides: {},
    repositoryRenders: { latest: () => null },
  } as unknown as SieveRuntime;
  await cache.whenSynced();
  return {
    runtime,
    api: () => api,
    proxy,
    cache,
    async restartWithNewCa() {
      const port = Number(new URL(api.url).port);
      await api.stop();
      api = await startDemoKubeApi({ token: TOKEN, store: api.store, port, tls: createDemoTlsIdentity() });
    },
    writeKubeconfig: write,
  };
}

function kubeUntil(h: Harness, condition: () => boolean, description: string) {
  return waitUntil((listener) => h.cache.subscribe(listener), condition, description);
}

function unknownKinds(h: Harness): string[] {
  return buildStatus(h.runtime, Date.now()).kubernetes.knowledge.unknown.map((u) => `${u.kind}:${u.state}`);
}

/** A postgres drop of mealie, as the relay reports it. */
function mealieDrop() {
  return flowFromHubbleJson({
    ...hubbleFixture("policyDeniedIngress"),
    time: new Date().toISOString(),
  });
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe("a frozen Kubernetes API server (accepts, never answers)", () => {
  it("is unavailable within the silence bound; posture concludes nothing; it recovers by itself", async () => {
    const h = await cluster();
    const before = getClusterView(h.runtime, Date.now()).posture;
    expect(before.cni.known).toBe(true);
    expect(before.knowledge.unknown).toEqual([]);

    h.proxy.setMode("freeze");
    await kubeUntil(h, () => unknownKinds(h).length === 5, "every kind is unknown");
    expect(unknownKinds(h).every((k) => k.endsWith(":unavailable"))).toBe(true);
    const status = timed(() => buildStatus(h.runtime, Date.now()));
    expect(status.ms).toBeLessThan(100);
    expect(status.value.kubernetes.health).toBe("stale");
    const posture = timed(() => getClusterView(h.runtime, Date.now()).posture);
    expect(posture.ms).toBeLessThan(1_000);
    expect(posture.value.findings).toEqual([]);
    expect(posture.value.cni).toMatchObject({ known: false });
    expect(posture.value.baselines.dns.status).toBe("unknown");
    // The last-known namespaces stay, marked as not known current.
    expect(posture.value.namespaces.length).toBe(before.namespaces.length);
    expect(
      posture.value.namespaces.every((ns) => ns.unknown === "unknown — Kubernetes API unreachable"),
    ).toBe(true);
    const view = getClusterView(h.runtime, Date.now());
    const groups = groupDrops(
      [mealieDrop()],
      dropAnswers([mealieDrop()], view.facts, view.evaluation, 5 * 60_000).classify,
    );
    expect(groups.map((g) => g.classification.classId)).toEqual(["cause-unknown"]);

    h.proxy.setMode("pass");
    await kubeUntil(h, () => unknownKinds(h).length === 0, "every kind is in sync again");
    const after = getClusterView(h.runtime, Date.now()).posture;
    expect(after.cni.known).toBe(true);
    expect(after.findings.length).toBe(before.findings.length);
  });
});

describe("refused credentials", () => {
  it("403 on one kind: 'no right to read' that kind, and no finding rests on the rest", async () => {
    const h = await cluster();
    h.api().faults.forbid(["ciliumnetworkpolicies"]);
    await kubeUntil(
      h,
      () => unknownKinds(h).includes("ciliumnetworkpolicies:forbidden"),
      "CNPs are forbidden",
    );
    const status = buildStatus(h.runtime, Date.now());
    expect(status.kubernetes.knowledge.unknown).toEqual([
      expect.objectContaining({
        kind: "ciliumnetworkpolicies",
        reason: "no right to read CiliumNetworkPolicies",
      }),
    ]);
    const posture = getClusterView(h.runtime, Date.now()).posture;
    expect(posture.findings).toEqual([]);
    expect(posture.namespaces.flatMap((ns) => ns.findings)).toEqual([]);
    // Pods are readable: the CNI is judged (the homelab runs Cilium).
    expect(posture.cni).toMatchObject({ known: true, enforcing: true });

    h.api().faults.forbid([]);
    await kubeUntil(h, () => unknownKinds(h).length === 0, "CNPs are readable again");
  });

  it("401: every kind unauthorized, no 'No enforcing CNI'", async () => {
    const h = await cluster();
    h.api().faults.acceptToken(false);
    await kubeUntil(
      h,
      () => unknownKinds(h).length === 5 && unknownKinds(h).every((k) => k.endsWith(":unauthorized")),
      "every kind is unauthorized",
    );
    const posture = getClusterView(h.runtime, Date.now()).posture;
    expect(posture.findings.map((f) => f.code)).not.toContain("cni-not-enforcing");
    expect(posture.cni.known).toBe(false);
    h.api().faults.acceptToken(true);
    await kubeUntil(h, () => unknownKinds(h).length === 0, "the token is accepted again");
  });
});

describe("an API server restarted with a new CA", () => {
  it("fails on TLS, then reads the kubeconfig again and is in sync without a restart of Sieve", async () => {
    const h = await cluster();
    await h.restartWithNewCa();
    await kubeUntil(
      h,
      () => h.cache.syncStatus().some((s) => s.failure?.kind === "tls"),
      "a request fails on TLS",
    );
    expect(unknownKinds(h).some((k) => k.endsWith(":unavailable"))).toBe(true);
    // The operator updates the kubeconfig; Sieve reads it again on its next TLS failure.
    await h.writeKubeconfig();
    await waitUntil(
      (listener) => h.cache.subscribe(listener),
      () => unknownKinds(h).length === 0,
      "in sync with the new CA",
      10_000,
    );
    // Objects changed on the new server reach the cache: the watch runs over the new identity.
    h.api().store.upsert({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "after-rotation" },
    });
    await kubeUntil(
      h,
      () => h.cache.list("namespaces").some((ns) => ns.metadata.name === "after-rotation"),
      "the new namespace is seen",
    );
  });
});

interface RelayHarness {
  relay: TestObserver;
  proxy: FaultProxy;
  feed: FlowFeed;
  runtime: SieveRuntime;
}

async function relayFeed(): Promise<RelayHarness> {
  const relay = await startTestObserver();
  cleanups.push(() => relay.stop());
  const proxy = await startFaultProxy({ target: { host: "127.0.0.1", port: relay.port } });
  cleanups.push(() => proxy.stop());
  const feed = startFlowFeed({
    connection: { address: proxy.address, tls: null },
    windowMs: 60 * 60_000,
    onFlow: () => {},
    backoff: { initialMs: 20, maxMs: 100 },
    watchdog: WATCHDOG,
    log: () => {},
  });
  cleanups.push(() => feed.stop());
  const { config } = parseSieveConfig({});
  const runtime = {
    config: { ...config, watchdog: WATCHDOG },
    problems: [],
    cluster: null,
    flows: feed,
    preview: null,
  } as unknown as SieveRuntime;
  await waitUntil(
    (l) => feed.subscribe(l),
    () => feed.status().state === "streaming",
    "the stream is up",
  );
  return { relay, proxy, feed, runtime };
}

function publishNow(relay: TestObserver, uuid: string) {
  relay.publish({ ...hubbleFixture("tcpSynForwarded"), uuid, time: new Date().toISOString() });
}

describe("a frozen or stopped relay", () => {
  it("frozen: the stream is torn down as stalled and the status says since when; it resumes by itself", async () => {
    const h = await relayFeed();
    publishNow(h.relay, "before");
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().lastProbeAt !== null,
      "a probe answered",
    );
    h.proxy.setMode("freeze");
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().state !== "streaming",
      "the stream is torn down",
    );
    const status = timed(() => buildStatus(h.runtime, Date.now()));
    expect(status.ms).toBeLessThan(100);
    expect(status.value.hubble.source?.state).toBe("stalled");
    expect(status.value.hubble.source?.since).not.toBeNull();
    expect(status.value.hubble.health).not.toBe("ok");

    h.proxy.setMode("pass");
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().state === "streaming",
      "the stream resumes",
    );
    expect(buildStatus(h.runtime, Date.now()).hubble.source?.state).toBe("in-sync");
    expect(h.feed.status().gaps.length).toBe(1);
  });

  it("refusing: unavailable since the last flow or probe", async () => {
    const h = await relayFeed();
    h.proxy.setMode("refuse");
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().state === "error",
      "the stream breaks",
    );
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => buildStatus(h.runtime, Date.now()).hubble.source?.state === "unavailable",
      "the relay is unavailable",
    );
  });
});

describe("a stream stuck while the relay answers ServerStatus", () => {
  it("is torn down once the relay has seen flows the stream did not deliver, and resumes with them", async () => {
    const h = await relayFeed();
    h.relay.stallFollowers(true);
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().lastProbeAt !== null,
      "a probe answered",
    );
    publishNow(h.relay, "stuck-1");
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().stalledSince !== null,
      "the stuck stream is torn down",
      5_000,
    );
    h.relay.stallFollowers(false);
    await waitUntil(
      (l) => h.feed.subscribe(l),
      () => h.feed.status().state === "streaming",
      "the stream resumes",
    );
    expect(h.relay.requests.length).toBeGreaterThanOrEqual(2);
  });
});
