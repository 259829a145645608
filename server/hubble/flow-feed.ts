import "server-only";
import type { HubbleSettings } from "@/lib/config/sieve-config";
import type { Flow } from "@/lib/flows/flow";
import { ResumePoint } from "@/lib/hubble/resume-point";
import { recordGap, type FlowGap } from "@/lib/hubble/stream-gaps";
import type { FlowFeedSnapshot } from "@/lib/status/connection-health";
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from "../kube/backoff";
import { systemClock, type Clock } from "../kube/clock";
import { createObserverClient, type FlowStream, type ObserverClient } from "./client";

export type { FlowGap } from "@/lib/hubble/stream-gaps";

export interface FlowFeedStatus extends FlowFeedSnapshot {
  /** Times the stream was re-established after it broke. */
  reconnects: number;
  /** When the stream was down (flows may be missing), oldest first, the latest 20. */
  gaps: FlowGap[];
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
    notify();
    try {
      client = createObserverClient(options.connection);
    } catch (error) {
      fail(errorLine(error));
      return;
    }
    const since = Math.max(resume.since ?? -Infinity, clock.now() - options.windowMs);
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
    everConnected = true;
    state = "streaming";
    connectedSince = now;
    lastError = null;
    notify();
  }

  function receive(flow: Flow): void {
    if (!resume.accept(flow)) return;
    lastFlowAt = clock.now();
    backoff.reset();
    options.onFlow(flow);
  }

  function fail(message: string): void {
    if (stopped) return;
    disconnect();
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

  connect();

  return {
    status: () => ({
      state,
      connectedSince,
      lastFlowAt,
      lastError,
      reconnects,
      gaps: gaps.map((g) => ({ ...g })),
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      cancelRetry?.();
      cancelRetry = null;
      disconnect();
    },
  };
}
