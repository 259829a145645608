import { describe, expect, it } from "vitest";
import { kindInfo } from "@/lib/kube/kinds";
import type { WatchedKind } from "@/lib/kube/types";
import { KubeApiError } from "./api-error";
import type { ApiTransport, Query, WatchHandlers } from "./api-transport";
import { Backoff } from "./backoff";
import { ResourceInformer } from "./resource-informer";
import { systemClock } from "./clock";
import { ManualClock } from "./testing/manual-clock";
import { waitUntil } from "./testing/wait-until";
import type { WatchEvent } from "./watch-event";

interface OpenWatch {
  query: Query;
  emit(event: WatchEvent): void;
  end(): void;
}

/** An API server in memory whose lists and watches the test drives step by step. */
class ScriptedApi implements ApiTransport {
  readonly server = "https://scripted:6443";
  items: unknown[] = [];
  resourceVersion = "100";
  listFailure: Error | null = null;
  watchFailure: Error | null = null;
  /** Fails the next watch request only. */
  nextWatchFailure: Error | null = null;
  lists: Query[] = [];
  watches: OpenWatch[] = [];
  /** Told of every list and watch call, and of every timer the informer schedules. */
  readonly activity = new Set<() => void>();

  private notify() {
    for (const listener of [...this.activity]) listener();
  }

  async getJson(_path: string, query: Query) {
    this.lists.push(query);
    queueMicrotask(() => this.notify());
    if (this.listFailure) throw this.listFailure;
    return { metadata: { resourceVersion: this.resourceVersion }, items: this.items };
  }

  async watch(_path: string, query: Query, signal: AbortSignal, handlers: WatchHandlers) {
    const failure = this.nextWatchFailure ?? this.watchFailure;
    this.nextWatchFailure = null;
    if (failure) throw failure;
    handlers.onOpen();
    return new Promise<void>((resolve, reject) => {
      signal.addEventListener("abort", () => resolve());
      queueMicrotask(() => this.notify());
      this.watches.push({
        query,
        emit: (event) => {
          try {
            handlers.onEvent(event);
          } catch (error) {
            reject(error);
          }
        },
        end: resolve,
      });
    });
  }

  get lastWatch(): OpenWatch {
    return this.watches[this.watches.length - 1]!;
  }
}

function pod(name: string, resourceVersion: string, labels: Record<string, string> = {}) {
  return { metadata: { name, namespace: "shop", resourceVersion, labels } };
}

function setUp(kind: WatchedKind = "pods") {
  const api = new ScriptedApi();
  const clock = new ManualClock();
  const listeners = new Set<() => void>();
  const informer = new ResourceInformer(kindInfo(kind), {
    transport: api,
    clock,
    backoff: new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 1),
    pageSize: 500,
    absentRetryMs: 60_000,
    watchTimeoutSeconds: () => 300,
    onChange: () => listeners.forEach((listener) => listener()),
  });
  const until = (condition: () => boolean, description: string) =>
    waitUntil(
      (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      condition,
      description,
    );
  const onActivity = (listener: () => void) => {
    api.activity.add(listener);
    listeners.add(listener);
    return () => {
      api.activity.delete(listener);
      listeners.delete(listener);
    };
  };
  const watchCount = (count: number) =>
    waitUntil(onActivity, () => api.watches.length >= count, `${count} watches`);
  return { api, clock, informer, until, watchCount };
}

describe("ResourceInformer", () => {
  it("keeps the last objects through errors and retries on the injected clock with growing delays", async () => {
    const { api, clock, informer, until, watchCount } = setUp();
    api.items = [pod("web-1", "90"), pod("web-2", "95")];
    informer.start();
    await watchCount(1);
    expect(informer.status()).toMatchObject({ state: "synced", count: 2, lastSyncedAt: clock.now() });
    expect(api.lastWatch.query).toMatchObject({
      resourceVersion: "100",
      allowWatchBookmarks: "true",
      timeoutSeconds: "300",
    });

    api.watchFailure = new KubeApiError(503, "ServiceUnavailable", "503 Service Unavailable: etcd is down");
    clock.advance(5_000);
    api.lastWatch.end();
    await until(() => informer.status().state === "error", "the informer reports the error");
    expect(informer.status()).toMatchObject({ error: "503 Service Unavailable: etcd is down", count: 2 });
    expect(informer.list().map((p) => p.metadata.name)).toEqual(["web-1", "web-2"]);
    expect(clock.pending()).toEqual([100]);

    const retried = until(() => clock.pending()[0] === 200, "the second retry is scheduled");
    clock.runNext();
    await retried;

    api.watchFailure = null;
    clock.runNext();
    await until(() => informer.status().state === "synced", "synced again");
    expect(api.lastWatch.query.resourceVersion).toBe("100");
    expect(api.lists).toHaveLength(1);
    informer.stop();
  });

  it("applies watch events and resumes from the last bookmark after a normal end", async () => {
    const { api, clock, informer, until, watchCount } = setUp();
    api.items = [pod("web-1", "90")];
    informer.start();
    await watchCount(1);

    api.lastWatch.emit({ type: "ADDED", object: pod("web-2", "101") });
    api.lastWatch.emit({ type: "MODIFIED", object: pod("web-1", "102", { tier: "front" }) });
    api.lastWatch.emit({ type: "DELETED", object: pod("web-2", "103") });
    await until(() => informer.list().length === 1, "web-2 is gone");
    expect(informer.list()[0]).toMatchObject({
      kind: "Pod",
      apiVersion: "v1",
      metadata: { labels: { tier: "front" } },
    });

    clock.advance(60_000);
    api.lastWatch.emit({
      type: "BOOKMARK",
      object: { kind: "Pod", apiVersion: "v1", metadata: { resourceVersion: "150" } },
    });
    expect(informer.status().lastSyncedAt).toBe(clock.now());
    api.lastWatch.end();
    await watchCount(2);
    expect(api.lastWatch.query.resourceVersion).toBe("150");
    expect(api.lists).toHaveLength(1);
    informer.stop();
  });

  it("relists at once when a watch ERROR event says 410 Gone", async () => {
    const { api, informer, watchCount } = setUp();
    api.items = [pod("web-1", "90"), pod("web-2", "95")];
    informer.start();
    await watchCount(1);

    api.items = [pod("web-1", "180")];
    api.resourceVersion = "200";
    api.lastWatch.emit({
      type: "ERROR",
      object: {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        code: 410,
        reason: "Expired",
        message: "too old resource version: 100 (150)",
      },
    });
    await watchCount(2);
    expect(api.lists).toHaveLength(2);
    expect(api.lastWatch.query.resourceVersion).toBe("200");
    expect(informer.list().map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)).toEqual([
      "web-1@180",
    ]);
    expect(informer.status().state).toBe("synced");
    informer.stop();
  });

  it("relists at once when the watch request itself answers HTTP 410", async () => {
    const { api, clock, informer, watchCount } = setUp();
    informer.start();
    await watchCount(1);

    api.nextWatchFailure = new KubeApiError(410, "Expired", "410 Gone: too old resource version");
    api.resourceVersion = "300";
    clock.advance(5_000);
    api.lastWatch.end();
    await watchCount(2);
    expect(api.lists).toHaveLength(2);
    expect(api.lastWatch.query.resourceVersion).toBe("300");
    expect(informer.status().state).toBe("synced");
    informer.stop();
  });

  it("backs off before watching again when a watch ends at once without events", async () => {
    const { api, clock, informer, watchCount } = setUp();
    informer.start();
    await watchCount(1);
    const scheduled = clock.nextSchedule();
    api.lastWatch.end();
    await scheduled;
    expect(clock.pending()).toEqual([100]);
    expect(api.watches).toHaveLength(1);
    clock.runNext();
    await watchCount(2);
    informer.stop();
  });

  it("marks a missing CRD absent, not an error, and looks again slowly", async () => {
    const { api, clock, informer, until, watchCount } = setUp("ciliumnetworkpolicies");
    api.listFailure = new KubeApiError(
      404,
      "NotFound",
      "404 Not Found: the server could not find the requested resource",
    );
    informer.start();
    await until(() => informer.status().state === "absent", "the kind is absent");
    expect(informer.status()).toMatchObject({ error: null, count: 0, lastSyncedAt: clock.now() });
    expect(informer.hasSynced()).toBe(true);
    expect(clock.pending()).toEqual([60_000]);

    api.listFailure = null;
    api.items = [
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumNetworkPolicy",
        metadata: { name: "p", namespace: "db", resourceVersion: "7" },
      },
    ];
    clock.runNext();
    await watchCount(1);
    expect(informer.status()).toMatchObject({ state: "synced", count: 1 });
    informer.stop();
  });

  it("reports a 404 on a built-in kind as an error", async () => {
    const { api, informer, until } = setUp("pods");
    api.listFailure = new KubeApiError(
      404,
      "NotFound",
      "404 Not Found: the server could not find the requested resource",
    );
    informer.start();
    await until(() => informer.status().state === "error", "pods are in error");
    expect(informer.hasSynced()).toBe(false);
    informer.stop();
  });
});

describe("ResourceInformer's watchdog probe", () => {
  it("tells observers when the server answers again, though nothing else changed", async () => {
    const api = new ScriptedApi();
    const listeners = new Set<() => void>();
    const informer = new ResourceInformer(kindInfo("pods"), {
      transport: api,
      clock: systemClock,
      // No retry of the watch during the test: only the probe can show the server is back.
      backoff: new Backoff({ initialMs: 60_000, maxMs: 60_000 }, () => 1),
      pageSize: 500,
      absentRetryMs: 60_000,
      watchTimeoutSeconds: () => 300,
      onChange: () => listeners.forEach((listener) => listener()),
      probeIntervalMs: 20,
    });
    const subscribe = (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    const onActivity = (listener: () => void) => {
      api.activity.add(listener);
      return () => api.activity.delete(listener);
    };
    informer.start();
    await waitUntil(onActivity, () => api.watches.length === 1, "the watch is open");

    const newCa = Object.assign(new Error("self-signed certificate"), {
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    api.watchFailure = newCa;
    api.listFailure = newCa;
    api.lastWatch.end();
    await waitUntil(subscribe, () => informer.status().failure?.kind === "tls", "the watch fails on TLS");
    const listsBefore = api.lists.length;
    await waitUntil(onActivity, () => api.lists.length > listsBefore, "a probe fails on TLS");
    const answeredBefore = informer.status().lastProbeAt;

    api.listFailure = null;
    await waitUntil(
      subscribe,
      () => informer.status().lastProbeAt !== answeredBefore,
      "observers hear the probe's answer",
    );
    expect(informer.status()).toMatchObject({ state: "error", failure: { kind: "tls" } });
    expect(api.watches).toHaveLength(1);
    informer.stop();
  });
});
