import "server-only";
import type { KindSyncView, StatusResponse } from "@/lib/api/responses";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import { clusterKnowledge, kindPlural, type ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import {
  hubbleHealth,
  kubernetesHealth,
  previewRelayHealth,
  withWatchdog,
} from "@/lib/status/connection-health";
import type { DeliveredSince } from "@/lib/drops/drop-recovery";
import { relayCovers, sourceHealth, type SourceHealth } from "@/lib/status/source-health";
import type { SieveRuntime } from "./runtime";

function unconfigured(runtime: SieveRuntime, section: "kubernetes" | "hubble") {
  const problem = runtime.problems.find((p) => p.section === section);
  return { health: "unconfigured" as const, message: problem?.message ?? "not configured", lastGoodAt: null };
}

/** Every watched kind with the watchdog's verdict on it. */
export function kindSources(runtime: SieveRuntime, now: number): (KindSyncView & { source: SourceHealth })[] {
  return (runtime.cluster?.syncStatus() ?? []).map((status) => {
    const { syncedAt, lastEventAt, lastProbeAt, failure, ...view } = status;
    const source = sourceHealth(
      kindPlural(status.kind),
      { syncedAt, lastEventAt, lastProbeAt, failure, absent: status.state === "absent" },
      runtime.config.watchdog,
      now,
    );
    return { ...view, source };
  });
}

/** Which kinds conclusions may rest on; with no cluster configured, none. */
export function kubernetesKnowledge(runtime: SieveRuntime, now: number): ClusterKnowledge {
  if (!runtime.cluster) {
    const problem = runtime.problems.find((p) => p.section === "kubernetes");
    const reason = problem ? `Kubernetes not configured: ${problem.message}` : "Kubernetes not configured";
    return {
      unknown: WATCHED_KINDS.map(({ kind }) => ({
        kind,
        what: kindPlural(kind),
        state: "unavailable",
        since: null,
        lastAliveAt: null,
        reason,
      })),
    };
  }
  return clusterKnowledge(kindSources(runtime, now).map((k) => ({ kind: k.kind, health: k.source })));
}

/** The relay as the watchdog sees it; null without a feed. */
export function relaySource(runtime: SieveRuntime, now: number): SourceHealth | null {
  const feed = runtime.flows?.status();
  if (!feed || runtime.config.preview) return null;
  const failure =
    feed.state === "error" && feed.stalledSince === null
      ? {
          kind: "network" as const,
          since: feed.failingSince ?? now,
          message: feed.lastError ?? "disconnected",
        }
      : null;
  const failingForLong = feed.state === "connecting" && feed.failingSince !== null;
  return sourceHealth(
    "Hubble Relay",
    {
      syncedAt: feed.connectedSince ?? (feed.coveredSince !== null ? feed.coveredSince : null),
      lastEventAt: feed.lastFlowAt,
      lastProbeAt: feed.lastProbeAt,
      failure:
        failure ??
        (failingForLong
          ? { kind: "network", since: feed.failingSince!, message: feed.lastError ?? "reconnecting" }
          : null),
      stalledSince: feed.state === "streaming" ? null : feed.stalledSince,
    },
    runtime.config.watchdog,
    now,
  );
}

/**
 * Whether the relay delivered every flow since a time, as /api/status reports its coverage: what a
 * "recovered since …" rests on (lib/drops/drop-recovery). Without a feed, nothing is vouched for.
 */
export function relayDeliveredSince(runtime: SieveRuntime, now: number): DeliveredSince {
  const feed = runtime.flows?.status();
  const health = relaySource(runtime, now);
  if (!feed || !health) return () => false;
  const relay = { health, coveredSince: feed.coveredSince, gaps: feed.gaps };
  return (from) => relayCovers(relay, from, now);
}

export function buildStatus(runtime: SieveRuntime, now: number): StatusResponse {
  const kinds = kindSources(runtime, now);
  const feed = runtime.flows?.status();
  const relay = relaySource(runtime, now);
  return {
    now,
    configErrors: runtime.problems.map((p) => p.message),
    preview: runtime.config.preview
      ? {
          folder: runtime.preview?.folder ?? "",
          renderer: runtime.preview?.renderer ?? "unknown (the preview report could not be read)",
          problems: (runtime.preview?.problems ?? []).map(({ kind, file, message }) => ({
            kind,
            file,
            message,
          })),
        }
      : null,
    kubernetes: {
      ...(runtime.cluster
        ? withWatchdog(
            kubernetesHealth(kinds),
            kinds.map((k) => k.source),
          )
        : unconfigured(runtime, "kubernetes")),
      kinds,
      knowledge: kubernetesKnowledge(runtime, now),
    },
    hubble: {
      ...(runtime.config.preview
        ? previewRelayHealth()
        : feed
          ? withWatchdog(hubbleHealth(feed), relay ? [relay] : [])
          : unconfigured(runtime, "hubble")),
      address: runtime.problems.some((p) => p.section === "hubble") ? null : runtime.config.hubble.address,
      lastFlowAt: feed?.lastFlowAt ?? null,
      reconnects: feed?.reconnects ?? 0,
      gaps: feed?.gaps ?? [],
      source: relay,
      lastProbeAt: feed?.lastProbeAt ?? null,
      coveredSince: feed?.coveredSince ?? null,
    },
  };
}
