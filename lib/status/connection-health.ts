import type { ConnectionView, KindSyncView } from "@/lib/api/responses";
import type { SourceHealth } from "./source-health";

/** Whether the Kubernetes data is current, stale (served from cache after a failure) or missing. */
export function kubernetesHealth(kinds: readonly KindSyncView[]): ConnectionView {
  const failing = kinds.filter((k) => k.state === "error");
  const pending = kinds.filter((k) => k.state === "pending");
  const synced = kinds.filter((k) => k.lastSyncedAt !== null);
  const lastGoodAt =
    synced.length === kinds.length && kinds.length > 0
      ? Math.min(...synced.map((k) => k.lastSyncedAt!))
      : null;
  const absent = kinds.filter((k) => k.state === "absent").map((k) => k.kind);
  const absentNote = absent.length > 0 ? `; not installed in the cluster: ${absent.join(", ")}` : "";

  if (failing.length > 0) {
    const first = failing[0]!;
    const everSynced = failing.every((k) => k.lastSyncedAt !== null);
    const detail = `${first.kind}: ${first.error ?? "unknown error"}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ""}`;
    return everSynced
      ? {
          health: "stale",
          message: `showing cached data; ${detail}`,
          lastGoodAt: Math.min(...failing.map((k) => k.lastSyncedAt!)),
        }
      : { health: "error", message: detail, lastGoodAt: null };
  }
  if (pending.length > 0) {
    return {
      health: "pending",
      message: `syncing ${pending.map((k) => k.kind).join(", ")}`,
      lastGoodAt: null,
    };
  }
  return { health: "ok", message: `in sync${absentNote}`, lastGoodAt };
}

export interface FlowFeedSnapshot {
  state: "connecting" | "streaming" | "error";
  connectedSince: number | null;
  lastFlowAt: number | null;
  lastError: string | null;
}

/** A repository preview has no traffic: the relay is not part of it, whatever its stream says. */
export function previewRelayHealth(): ConnectionView {
  return { health: "preview", message: "no flows: repository preview", lastGoodAt: null };
}

/** Health of the flow stream from the relay. */
export function hubbleHealth(feed: FlowFeedSnapshot): ConnectionView {
  if (feed.state === "streaming") {
    return { health: "ok", message: "streaming flows", lastGoodAt: feed.lastFlowAt ?? feed.connectedSince };
  }
  const lastGoodAt = feed.lastFlowAt;
  if (feed.state === "connecting" && feed.lastError === null) {
    return { health: "pending", message: "connecting to Hubble Relay", lastGoodAt };
  }
  const message = feed.lastError ?? "disconnected";
  return lastGoodAt !== null
    ? { health: "stale", message: `showing flows received before the stream broke; ${message}`, lastGoodAt }
    : { health: "error", message, lastGoodAt: null };
}

/**
 * The pill as the watchdog sees it: a connection that looks fine but whose sources stalled (no
 * event, no probe answer) is not "in sync"; a refused kind (401/403) is said as such.
 */
export function withWatchdog(view: ConnectionView, sources: readonly SourceHealth[]): ConnectionView {
  if (view.health === "stale") {
    // Current until the last event or probe answer, not merely the last full list.
    const alive = sources
      .filter((s) => s.state !== "in-sync" && s.lastAliveAt !== null)
      .map((s) => s.lastAliveAt!);
    return alive.length > 0 ? { ...view, lastGoodAt: Math.min(...alive) } : view;
  }
  if (view.health !== "ok" && view.health !== "pending") return view;
  const failing = sources.find((s) => s.state !== "in-sync" && s.state !== "absent" && s.state !== "syncing");
  if (!failing) return view;
  const lastGoodAt = failing.lastAliveAt;
  return { health: lastGoodAt === null ? "error" : "stale", message: failing.message, lastGoodAt };
}
