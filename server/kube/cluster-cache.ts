import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { kindInfo, WATCHED_KINDS } from "@/lib/kube/kinds";
import type { KindObjectMap, WatchedKind } from "@/lib/kube/types";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { createApiTransport } from "./api-transport";
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import { systemClock, type Clock } from "./clock";
import { ResourceInformer, type KindSyncStatus } from "./resource-informer";

export type { KindSyncStatus } from "./resource-informer";

export interface ClusterCacheOptions {
  /** LIST page size (limit); default 500. */
  pageSize?: number;
  /** Retry delays after errors; default 1 s doubling to 30 s, with jitter. */
  backoff?: BackoffOptions;
  /** Kinds to watch; default all five. */
  kinds?: WatchedKind[];
  /** How often an absent CRD is looked for again; default 1 minute. */
  absentRetryMs?: number;
  /** Time source for retries and sync timestamps; default the system clock. */
  clock?: Clock;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** The watchdog's probe period per kind (a list with limit=1); 0 or absent: no probe. */
  probeIntervalMs?: number;
  /** Reads the kubeconfig again after a TLS failure or a 401 (new CA, rotated token). */
  reload?: () => KubeConfig;
}

/** The cluster's objects of the watched kinds, kept current by list+watch. */
export interface ClusterCache {
  start(): void;
  stop(): void;
  /** The last known objects, even while the kind is in error (stale, not empty); [] for kinds not watched. */
  list<K extends WatchedKind>(kind: K): KindObjectMap[K][];
  syncStatus(): KindSyncStatus[];
  /** Called with the kind whose objects or sync state changed; returns the unsubscribe function. */
  subscribe(listener: (kind: WatchedKind) => void): () => void;
  /** Resolves once every kind has been listed or found absent; rejects if the cache is stopped first. */
  whenSynced(): Promise<void>;
}

/** client-go's choice: watches last 5 to 10 minutes, so reconnections spread out. */
function watchTimeoutSeconds(random: () => number): number {
  return Math.floor(300 * (1 + random()));
}

export function createClusterCache(kc: KubeConfig, options: ClusterCacheOptions = {}): ClusterCache {
  const transport = createApiTransport(kc, { reload: options.reload });
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const kinds = options.kinds ?? WATCHED_KINDS.map((info) => info.kind);
  const listeners = new Set<(kind: WatchedKind) => void>();
  let syncWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let stopped = false;
  const stoppedError = () => new Error("the cluster cache was stopped before it synced");

  const informers = new Map<WatchedKind, ResourceInformer<WatchedKind>>();
  for (const kind of new Set(kinds)) {
    const informer = new ResourceInformer(kindInfo(kind), {
      transport,
      clock,
      backoff: new Backoff(options.backoff ?? DEFAULT_BACKOFF, random),
      pageSize: options.pageSize ?? 500,
      absentRetryMs: options.absentRetryMs ?? 60_000,
      watchTimeoutSeconds: () => watchTimeoutSeconds(random),
      onChange: () => changed(kind),
      probeIntervalMs: options.probeIntervalMs,
    });
    informers.set(kind, informer);
  }

  const allSynced = () => [...informers.values()].every((informer) => informer.hasSynced());

  function changed(kind: WatchedKind): void {
    if (syncWaiters.length > 0 && allSynced()) {
      for (const waiter of syncWaiters) waiter.resolve();
      syncWaiters = [];
    }
    for (const listener of [...listeners]) {
      try {
        listener(kind);
      } catch (error) {
        console.error(
          `sieve: cluster cache listener failed: ${error instanceof Error ? error.message : error}`,
        );
      }
    }
  }

  return {
    start() {
      stopped = false;
      for (const informer of informers.values()) informer.start();
    },
    stop() {
      stopped = true;
      for (const informer of informers.values()) informer.stop();
      for (const waiter of syncWaiters) waiter.reject(stoppedError());
      syncWaiters = [];
    },
    list<K extends WatchedKind>(kind: K): KindObjectMap[K][] {
      const informer = informers.get(kind) as ResourceInformer<K> | undefined;
      return informer ? informer.list() : [];
    },
    syncStatus() {
      return [...informers.values()].map((informer) => informer.status());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenSynced() {
      if (allSynced()) return Promise.resolve();
      if (stopped) return Promise.reject(stoppedError());
      return new Promise((resolve, reject) => syncWaiters.push({ resolve, reject }));
    },
  };
}

/** The cached objects of the five kinds posture reads; nothing without a cache. */
export function cachedClusterObjects(cache: ClusterCache | null): ClusterObjects {
  const list = <K extends WatchedKind>(kind: K) => cache?.list(kind) ?? [];
  return {
    namespaces: list("namespaces"),
    pods: list("pods"),
    networkpolicies: list("networkpolicies"),
    ciliumnetworkpolicies: list("ciliumnetworkpolicies"),
    ciliumclusterwidenetworkpolicies: list("ciliumclusterwidenetworkpolicies"),
  };
}
