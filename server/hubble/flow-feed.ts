import "server-only";
import type { HubbleSettings } from "@/lib/config/sieve-config";
import type { Flow } from "@/lib/flows/flow";
import { ResumePoint } from "@/lib/hubble/resume-point";
import { recordGap, type FlowGap } from "@/lib/hubble/stream-gaps";
import type { FlowFeedSnapshot } from "@/lib/status/connection-health";
import type { WatchdogBounds } from "@/lib/status/source-health";
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from "../kube/backoff";
import { systemClock, type Clock } from "../kube/clock";
import { createObserverClient, type FlowStream, type ObserverClient } from "./client";

export type { FlowGap } from "@/lib/hubble/stream-gaps";

export interface FlowFeedStatus extends FlowFeedSnapshot {
  /** Times the stream was re-established after it broke. */
  reconnects: number;
  /** When the stream was down (flows may be missing), oldest first, the latest 20. */
  gaps: FlowGap[];
  /** The last answer of the relay to the watchdog's ServerStatus probe. */
  lastProbeAt: number | null;
  /** Since when the current run of failures lasts; null while streaming. */
  failingSince: number | null;
  /** Set when the watchdog tore the stream down as stalled: the last moment it was known alive. */
  stalledSince: number | null;
  /**
   * From when on every flow of the relay reached Sieve, gaps aside: the first stream's start, or
   * the start of what it asked for when the relay reported it had never evicted a flow.
   */
  coveredSince: number | null;
}

export interface FlowFeed {
  status(): FlowFeedStatus;
  /** Called after the feed's state changed (not on every flow); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  stop(): void;
}

export interface FlowFeedOptions {
  connection: HubbleSettings;
  /** How far back the first request reaches, and the oldest point a resumption asks for. */
  windowMs: number;
  onFlow: (flow: Flow) => void;
  /** Retry delays after a failure; default 1 s doubling to 30 s, with jitter. */
  backoff?: BackoffOptions;
  /** Jitter source, [0, 1). */
  random?: () => number;
  clock?: Clock;
  /** Where the feed reports breaks and recoveries; default console.warn. */
  log?: (line: string) => void;
  /**
   * The watchdog: ServerStatus every `probeIntervalMs`; a stream with neither a flow nor a probe
   * answer for `silenceMs`, or silent that long while the relay's seen_flows grows, is torn down
   * and resumed. Absent: no watchdog.
   */
  watchdog?: WatchdogBounds;
}

/** A probe may take its whole period, and never less than a second (a busy machine, a first call's setup). */
export function probeDeadlineMs(probeIntervalMs: number): number {
  return Math.max(probeIntervalMs, 1_000);
}

function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

/**
 * Follows the relay's flows from `windowMs` ago on, converted to Sieve's model. When the stream
 * breaks it retries with backoff and resumes from the newest flow it had, dropping the replayed
 * ones; outages are recorded as gaps. Memory stays bounded however many flows pass through.
 */
export function startFlowFeed(options: FlowFeedOptions): FlowFeed {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => console.warn(line));
  const backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, options.random);
  const resume = new ResumePoint();
  const address = options.connection.address;
  const listeners = new Set<() => void>();

  let state: FlowFeedSnapshot["state"] = "connecting";
  let connectedSince: number | null = null;
  let lastFlowAt: number | null = null;
  let lastError: string | null = null;
  let reconnects = 0;
  let gaps: FlowGap[] = [];
  let everConnected = false;
  /** Set when an established stream breaks: the start of the gap the next connection closes. */
  let gapFrom: number | null = null;
  let client: ObserverClient | null = null;
  let stream: FlowStream | null = null;
  let cancelRetry: (() => void) | null = null;
  let stopped = false;
  let lastProbeAt: number | null = null;
  let failingSince: number | null = null;
  let stalledSince: number | null = null;
  let coveredSince: number | null = null;
  /** What the first stream asked for, until a probe tells whether the relay still holds all of it. */
  let firstSince: number | null = null;
  /** When the current connection attempt began. */
  let attemptAt = clock.now();
  /** seen_flows at the previous probe of this stream. */
  let lastProbeSeen: { seen: bigint; at: number } | null = null;
  /** The first probe after which the relay saw flows the stream did not deliver. */
  let newsWithoutFlowSince: number | null = null;
  let cancelProbe: (() => void) | null = null;
  let probing = false;

  function notify(): void {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        console.error(`sieve: flow feed listener failed: ${errorLine(error)}`);
      }
    }
  }

  function disconnect(): void {
    stream?.cancel();
    stream = null;
    client?.close();
    client = null;
  }

  function connect(): void {
    cancelRetry = null;
    if (stopped) return;
    state = "connecting";
    attemptAt = clock.now();
    lastProbeSeen = null;
    newsWithoutFlowSince = null;
    notify();
    try {
      client = createObserverClient(options.connection);
    } catch (error) {
      fail(errorLine(error));
      return;
    }
    const since = Math.max(resume.since ?? -Infinity, clock.now() - options.windowMs);
    if (!everConnected) firstSince = since;
    stream = client.getFlows(
      { follow: true, since },
      {
        onConnected: established,
        onSieveFlow: receive,
        onEnd: () => fail(`Hubble Relay at ${address} ended the flow stream`),
        onError: (error) => fail(error.message),
      },
    );
  }

  function established(): void {
    const now = clock.now();
    if (gapFrom !== null) {
      gaps = recordGap(gaps, { from: gapFrom, to: now });
      gapFrom = null;
    }
    if (everConnected) {
      reconnects += 1;
      log(`sieve: flow stream from Hubble Relay at ${address} re-established`);
    }
    coveredSince ??= now;
    everConnected = true;
    state = "streaming";
    connectedSince = now;
    lastError = null;
    failingSince = null;
    stalledSince = null;
    notify();
  }

  function receive(flow: Flow): void {
    if (!resume.accept(flow)) return;
    lastFlowAt = clock.now();
    backoff.reset();
    options.onFlow(flow);
  }

  function fail(message: string, stalledAt: number | null = null): void {
    if (stopped) return;
    disconnect();
    failingSince ??= clock.now();
    if (stalledAt !== null) stalledSince ??= stalledAt;
    if (state === "streaming" && connectedSince !== null) {
      gapFrom ??= Math.max(lastFlowAt ?? connectedSince, connectedSince);
      log(`sieve: flow stream from Hubble Relay broke: ${message}`);
    }
    state = "error";
    connectedSince = null;
    lastError = message;
    cancelRetry = clock.schedule(connect, backoff.next());
    notify();
  }

  /** The last moment the stream was known alive: a flow, a probe answer, the stream's start. */
  function lastAlive(): number {
    return Math.max(lastFlowAt ?? -Infinity, lastProbeAt ?? -Infinity, connectedSince ?? attemptAt);
  }

  function checkSilence(bounds: WatchdogBounds, seen: bigint | null): void {
    const now = clock.now();
    if (state === "connecting" && now - attemptAt > bounds.silenceMs) {
      fail(`no answer from Hubble Relay at ${address} for ${Math.round((now - attemptAt) / 1000)} s`);
      return;
    }
    if (state !== "streaming") return;
    const alive = lastAlive();
    if (now - alive > bounds.silenceMs) {
      fail(
        `no flow and no answer to ServerStatus from Hubble Relay at ${address} for ${Math.round((now - alive) / 1000)} s: stream torn down`,
        alive,
      );
      return;
    }
    if (seen === null) return;
    // The relay saw flows since the previous probe, yet none reached Sieve in between: news held back.
    const previous = lastProbeSeen;
    lastProbeSeen = { seen, at: now };
    if (previous === null) return;
    const flowSincePrevious = lastFlowAt !== null && lastFlowAt >= previous.at;
    if (flowSincePrevious) newsWithoutFlowSince = null;
    else if (seen > previous.seen) newsWithoutFlowSince ??= previous.at;
    if (newsWithoutFlowSince !== null && now - newsWithoutFlowSince > bounds.silenceMs) {
      const quietSince = newsWithoutFlowSince;
      fail(
        `Hubble Relay at ${address} reports new flows but the stream delivered none for ${Math.round((now - quietSince) / 1000)} s: stream torn down`,
        Math.max(lastFlowAt ?? -Infinity, connectedSince ?? quietSince),
      );
    }
  }

  function probe(bounds: WatchdogBounds): void {
    cancelProbe = clock.schedule(() => probe(bounds), bounds.probeIntervalMs);
    const current = client;
    if (!current || probing) {
      checkSilence(bounds, null);
      return;
    }
    probing = true;
    current.serverStatus(probeDeadlineMs(bounds.probeIntervalMs)).then(
      (status) => {
        probing = false;
        if (current !== client || stopped) return;
        lastProbeAt = clock.now();
        const seen = BigInt(status.seen_flows);
        // Nothing evicted yet: what the first stream asked for, the relay still held and sent.
        if (firstSince !== null && coveredSince !== null && seen === BigInt(status.num_flows))
          coveredSince = Math.min(coveredSince, firstSince);
        firstSince = null;
        checkSilence(bounds, seen);
        notify();
      },
      () => {
        probing = false;
        if (current !== client || stopped) return;
        checkSilence(bounds, null);
      },
    );
  }

  connect();
  if (options.watchdog) {
    const bounds = options.watchdog;
    cancelProbe = clock.schedule(() => probe(bounds), bounds.probeIntervalMs);
  }

  return {
    status: () => ({
      state,
      connectedSince,
      lastFlowAt,
      lastError,
      reconnects,
      gaps: gaps.map((g) => ({ ...g })),
      lastProbeAt,
      failingSince,
      stalledSince,
      coveredSince,
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      cancelRetry?.();
      cancelRetry = null;
      cancelProbe?.();
      cancelProbe = null;
      disconnect();
    },
  };
}
