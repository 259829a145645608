// Whether a source of data (one Kubernetes kind, the Hubble Relay) is current. One model for every
// source: a watchdog's observations go in, one state comes out, and only "in-sync" (or a CRD
// that is not installed) lets a view draw conclusions from what the source delivered.

/**
 * in-sync: events arrive or a probe answered within the bound; syncing: never synced yet;
 * unavailable: the source fails (network, TLS, server error); stalled: it neither sends nor
 * answers although the connection looks open; forbidden (403) / unauthorized (401): the server
 * refuses Sieve's credentials; absent: the kind's CRD is not installed (known to be empty).
 */
export type SourceState =
  "in-sync" | "syncing" | "unavailable" | "stalled" | "forbidden" | "unauthorized" | "absent";

/** Why a source failed, as the adapter saw it. */
export type FailureKind = "network" | "tls" | "forbidden" | "unauthorized" | "server";

export interface SourceFailure {
  kind: FailureKind;
  /** When this run of failures began (ms). */
  since: number;
  /** One line, e.g. "403 Forbidden: pods is forbidden: …". */
  message: string;
}

/** What a watchdog knows of a source. Times in ms since the epoch. */
export interface SourceObservation {
  /** The last time the whole source was known current: a full list, an established stream. */
  syncedAt: number | null;
  /** The last event (watch event, bookmark, flow) received. */
  lastEventAt: number | null;
  /** The last time a cheap probe (list limit=1, ServerStatus) answered. */
  lastProbeAt: number | null;
  failure: SourceFailure | null;
  /** The kind's CRD is not installed. */
  absent?: boolean;
  /** The watchdog found the stream silent while the source says it has news: stalled since then. */
  stalledSince?: number | null;
}

export interface WatchdogBounds {
  /** How often a probe asks the source whether it is alive. */
  probeIntervalMs: number;
  /** With no event and no probe answer for this long, the source is stalled. */
  silenceMs: number;
}

export const DEFAULT_WATCHDOG_BOUNDS: WatchdogBounds = { probeIntervalMs: 15_000, silenceMs: 45_000 };

export interface SourceHealth {
  state: SourceState;
  /** For a failing or stalled source: since when its data is not known current; else null. */
  since: number | null;
  lastEventAt: number | null;
  lastProbeAt: number | null;
  /** The last moment the data was known current (sync, event or probe). */
  lastAliveAt: number | null;
  /** One line for people. */
  message: string;
}

function latest(...times: (number | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const t of times) if (typeof t === "number" && (best === null || t > best)) best = t;
  return best;
}

/** The state of a source named `what` (e.g. "CiliumNetworkPolicies", "Hubble Relay") at `now`. */
export function sourceHealth(
  what: string,
  observation: SourceObservation,
  bounds: WatchdogBounds,
  now: number,
): SourceHealth {
  const { syncedAt, lastEventAt, lastProbeAt, failure } = observation;
  const lastAliveAt = syncedAt === null ? null : latest(syncedAt, lastEventAt, lastProbeAt);
  const base = { lastEventAt, lastProbeAt, lastAliveAt };
  if (failure?.kind === "forbidden")
    return {
      ...base,
      state: "forbidden",
      since: failure.since,
      message: `no right to read ${what}: ${failure.message}`,
    };
  if (failure?.kind === "unauthorized")
    return {
      ...base,
      state: "unauthorized",
      since: failure.since,
      message: `credentials refused reading ${what}: ${failure.message}`,
    };
  if (failure)
    return {
      ...base,
      state: "unavailable",
      since: lastAliveAt ?? failure.since,
      message: `${what} unavailable: ${failure.message}`,
    };
  if (observation.absent) return { ...base, state: "absent", since: null, message: `${what}: not installed` };
  if (lastAliveAt === null) return { ...base, state: "syncing", since: null, message: `syncing ${what}` };
  if (observation.stalledSince != null)
    return {
      ...base,
      state: "stalled",
      since: observation.stalledSince,
      message: `${what} stalled: the stream is silent while the source reports news`,
    };
  if (now - lastAliveAt > bounds.silenceMs)
    return {
      ...base,
      state: "stalled",
      since: lastAliveAt,
      message: `${what} stalled: no event and no probe answer for ${Math.round((now - lastAliveAt) / 1000)} s`,
    };
  return { ...base, state: "in-sync", since: null, message: `${what} in sync` };
}

/** Whether conclusions may be drawn from the source's data: it is current, or known to be empty. */
export function isKnown(health: Pick<SourceHealth, "state">): boolean {
  return health.state === "in-sync" || health.state === "absent";
}

/** A Kubernetes failure's kind from its HTTP status (null for a network failure) and TLS error code. */
export function failureKindOf(httpStatus: number | null, tls: boolean): FailureKind {
  if (httpStatus === 401) return "unauthorized";
  if (httpStatus === 403) return "forbidden";
  if (httpStatus !== null) return "server";
  return tls ? "tls" : "network";
}

/** What tells whether the relay delivered every flow of a time span. */
export interface RelayCoverageFacts {
  health: Pick<SourceHealth, "state">;
  /** Since when the stream has been followed without loss; null while it is not. */
  coveredSince: number | null;
  gaps: readonly { from: number; to: number }[];
}

/**
 * Whether the relay delivered every flow from `from` until `now`: it is in sync now, was streaming
 * by `from`, and no gap in the stream overlaps the span.
 */
export function relayCovers(relay: RelayCoverageFacts, from: number, now: number): boolean {
  if (relay.health.state !== "in-sync" || relay.coveredSince === null) return false;
  if (relay.coveredSince > from) return false;
  return !relay.gaps.some((gap) => gap.to > from && gap.from < now);
}

/**
 * Whether the relay delivered every flow of the window [now - windowMs, now]. Only then may a view
 * say "no drops".
 */
export function relayCoversWindow(relay: RelayCoverageFacts, now: number, windowMs: number): boolean {
  return relayCovers(relay, now - windowMs, now);
}
