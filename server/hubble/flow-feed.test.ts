import { afterEach, describe, expect, it } from "vitest";
import type { Flow } from "@/lib/flows/flow";
import { hubbleFixture, hubbleFixtures } from "@/lib/hubble/fixtures";
import { ManualClock } from "../kube/testing/manual-clock";
import { waitUntil } from "../kube/testing/wait-until";
import { startFlowFeed, type FlowFeed } from "./flow-feed";
import { startTestObserver, startTestObserverForTest, TestFlowStore } from "./testing/test-observer";

// Fixture flows happen between 09:12:03 and 09:12:11 on 2025-05-14; the feed's clock starts later.
const AFTER_FIXTURES = Date.UTC(2025, 4, 14, 9, 20, 0);
const WINDOW_MS = 60 * 60_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const relay = startTestObserverForTest;

/** A port nothing listens on (one a server just let go of). */
async function freePort(): Promise<number> {
  const server = await startTestObserver();
  await server.stop();
  return server.port;
}

interface Harness {
  feed: FlowFeed;
  clock: ManualClock;
  flows: Flow[];
  logs: string[];
  flowCount(count: number): Promise<void>;
  until(condition: () => boolean, description: string): Promise<void>;
}

function follow(address: string, windowMs = WINDOW_MS): Harness {
  const clock = new ManualClock(AFTER_FIXTURES);
  const flows: Flow[] = [];
  const logs: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const feed = startFlowFeed({
    connection: { address, tls: null },
    windowMs,
    clock,
    random: () => 1, // no jitter: delays are exactly 1 s, 2 s, 4 s, …
    log: (line) => logs.push(line),
    onFlow: (flow) => {
      flows.push(flow);
      for (const waiter of waiters.filter((w) => flows.length >= w.count)) waiter.resolve();
    },
  });
  cleanups.push(() => feed.stop());
  return {
    feed,
    clock,
    flows,
    logs,
    flowCount: (count) =>
      flows.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    until: (condition, description) =>
      waitUntil((listener) => feed.subscribe(listener), condition, description),
  };
}

describe("flow feed", () => {
  it("follows the relay's flows of the window, converted to Sieve's model", async () => {
    const server = await relay();
    for (const flow of hubbleFixtures()) server.publish(flow);
    // The window starts at 09:12:05, after the first three fixtures.
    const h = follow(server.address, AFTER_FIXTURES - Date.UTC(2025, 4, 14, 9, 12, 5));
    await h.flowCount(4);
    expect(h.flows.map((f) => f.id)).toEqual(
      (["httpRequest", "policyDeniedIngress", "worldEgressDropped", "kubeApiserverDropped"] as const).map(
        (name) => hubbleFixture(name).uuid,
      ),
    );
    expect(server.requests[0]).toEqual({ follow: true, since: { seconds: "1747213925", nanos: 0 } });
    expect(h.feed.status()).toEqual({
      state: "streaming",
      connectedSince: AFTER_FIXTURES,
      lastFlowAt: AFTER_FIXTURES,
      lastError: null,
      reconnects: 0,
      gaps: [],
      lastProbeAt: null,
      failingSince: null,
      stalledSince: null,
      coveredSince: AFTER_FIXTURES,
    });

    const live = { ...hubbleFixture("tcpSynForwarded"), uuid: "live-1", time: "2025-05-14T09:19:59.5Z" };
    server.publish(live);
    await h.flowCount(5);
    expect(h.flows[4]).toMatchObject({ id: "live-1", verdict: "FORWARDED", destinationPort: 5432 });
  });

  it("reports an unreachable relay in one line and connects once it is up", async () => {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const h = follow(address);
    await h.until(() => h.feed.status().state === "error", "the first attempt fails");
    expect(h.feed.status()).toMatchObject({
      state: "error",
      connectedSince: null,
      lastFlowAt: null,
      lastError: `cannot reach Hubble Relay at ${address}: connect ECONNREFUSED ${address}`,
    });
    expect(h.clock.pending()).toEqual([1_000]);

    h.clock.runNext();
    await h.until(
      () => h.feed.status().state === "error" && h.clock.pending().length === 1,
      "the second attempt fails",
    );
    expect(h.clock.pending()).toEqual([2_000]);

    const server = await relay({ port });
    server.publish(hubbleFixture("worldEgressDropped"));
    h.clock.runNext();
    await h.flowCount(1);
    await h.until(() => h.feed.status().state === "streaming", "the feed is streaming");
    // Never connected before: nothing was being shown, so there is no gap and no reconnection.
    expect(h.feed.status()).toMatchObject({ lastError: null, reconnects: 0, gaps: [] });
    expect(h.flows[0]!.destination.reserved).toBe("world");
  });

  it("resumes after the relay restarts, from the newest flow, without duplicates, recording the gap", async () => {
    const store = new TestFlowStore();
    const first = await startTestObserver({ store });
    const port = first.port;
    for (const flow of hubbleFixtures()) store.publish(flow);
    // A second flow in the same millisecond as the newest fixture: both come back when resuming.
    const sameMs = { ...hubbleFixture("tcpReply"), uuid: "same-ms", time: "2025-05-14T09:12:11.000000500Z" };
    store.publish(sameMs);

    const h = follow(first.address);
    await h.flowCount(8);
    const lastFlowAt = h.clock.now();

    h.clock.advance(5_000);
    await first.stop();
    await h.until(() => h.feed.status().state === "error", "the stream breaks");
    // grpc-js servers cancel open calls when forced down; a vanished host shows as unreachable.
    const at = `Hubble Relay at 127\\.0\\.0\\.1:${port}`;
    expect(h.feed.status().lastError).toMatch(
      new RegExp(`^(cannot reach ${at}: .+|${at} cancelled the call)$`),
    );
    expect(h.feed.status().lastFlowAt).toBe(lastFlowAt);
    expect(h.logs).toEqual([`sieve: flow stream from Hubble Relay broke: ${h.feed.status().lastError}`]);

    // While the relay is down, a flow happens; one retry fails before the relay is back.
    const missed = {
      ...hubbleFixture("policyDeniedIngress"),
      uuid: "while-down",
      time: "2025-05-14T09:12:30Z",
    };
    store.publish(missed);
    h.clock.runNext();
    await h.until(() => h.clock.pending().length === 1 && h.feed.status().state === "error", "a retry fails");
    expect(h.clock.pending()).toEqual([2_000]);

    const second = await relay({ port, store });
    h.clock.runNext();
    await h.flowCount(9);
    await h.until(() => h.feed.status().state === "streaming", "the stream is back");
    const reconnectedAt = lastFlowAt + 5_000 + 1_000 + 2_000;

    expect(second.requests[0]).toEqual({ follow: true, since: { seconds: "1747213931", nanos: 0 } });
    expect(h.flows.map((f) => f.id)).toEqual([
      ...hubbleFixtures().map((f) => f.uuid),
      "same-ms",
      "while-down",
    ]);
    expect(new Set(h.flows.map((f) => f.id)).size).toBe(h.flows.length);
    expect(h.feed.status()).toMatchObject({
      state: "streaming",
      connectedSince: reconnectedAt,
      lastError: null,
      reconnects: 1,
      gaps: [{ from: lastFlowAt, to: reconnectedAt }],
    });
    expect(h.logs.at(-1)).toBe(`sieve: flow stream from Hubble Relay at 127.0.0.1:${port} re-established`);

    // A flow arrived, so the next break starts the backoff over at 1 s.
    await second.stop();
    await h.until(() => h.feed.status().state === "error", "the stream breaks again");
    expect(h.clock.pending()).toEqual([1_000]);
  });

  it("stops streaming and retrying when stopped", async () => {
    const server = await relay();
    const h = follow(server.address);
    await h.until(() => h.feed.status().state === "streaming", "streaming");
    expect(server.openStreams()).toBe(1);
    h.feed.stop();
    await waitUntil(server.subscribe, () => server.openStreams() === 0, "the relay sees the stream end");
    server.publish(hubbleFixture("tcpReply"));
    expect(h.clock.pending()).toEqual([]);
    expect(h.flows).toEqual([]);
  });
});
