import { describe, expect, it } from "vitest";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import type { KindObjectMap, WatchedKind } from "@/lib/kube/types";
import { homelab } from "@/lib/posture/testing/homelab";
import { getClusterView, warmClusterViewOnSync } from "./cluster-view";
import type { ClusterCache, KindSyncStatus } from "./kube/cluster-cache";
import type { SieveRuntime } from "./runtime";

/** A runtime whose cluster cache holds the homelab and syncs when `sync` is called. */
function runtimeSyncingLater() {
  const objects = homelab();
  let sync: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (sync = resolve));
  let isSynced = false;
  void synced.then(() => (isSynced = true));
  const cluster: ClusterCache = {
    start: () => undefined,
    stop: () => undefined,
    list: <K extends WatchedKind>(kind: K) => (isSynced ? objects[kind] : []) as KindObjectMap[K][],
    syncStatus: () =>
      (Object.keys(objects) as WatchedKind[]).map((kind): KindSyncStatus => ({
        kind,
        state: isSynced ? "synced" : "pending",
        lastSyncedAt: isSynced ? 0 : null,
        error: null,
        count: objects[kind].length,
        syncedAt: isSynced ? 0 : null,
        lastEventAt: null,
        lastProbeAt: null,
        failure: null,
      })),
    subscribe: () => () => undefined,
    whenSynced: () => synced,
  };
  const runtime = {
    config: parseSieveConfig({}).config,
    conventionOverrides: {},
    cluster,
    repositoryRenders: { latest: () => null },
  } as unknown as SieveRuntime;
  return { runtime, sync };
}

describe("warmClusterViewOnSync", () => {
  it("computes the cluster view when the cache first syncs, so the first request is served from it", async () => {
    const { runtime, sync } = runtimeSyncingLater();
    const warmed = warmClusterViewOnSync(runtime);
    const before = Date.now();
    sync();
    await warmed;
    const requestedAt = Date.now() + 1_000;
    const view = getClusterView(runtime, requestedAt);
    expect(view.computedAt).toBeGreaterThanOrEqual(before);
    expect(view.computedAt).toBeLessThan(requestedAt);
    expect(view.posture.namespaces.length).toBeGreaterThan(0);
  });
});
