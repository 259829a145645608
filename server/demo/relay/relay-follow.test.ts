import { afterEach, describe, expect, it, vi } from "vitest";
import { startDemoRelay, type DemoRelay, type DemoRelayOptions } from "./relay-server";
import {
  accepted,
  collect,
  demoFlow,
  nextResponses,
  observerTestClient,
  uuidsOf,
  type ObserverTestClient,
} from "./testing/relay-test-client";

const BASE_MS = Date.UTC(2025, 4, 14, 9, 0, 0);
const at = (second: number) => ({ seconds: String(BASE_MS / 1000 + second), nanos: 0 });

let relay: DemoRelay | undefined;
let client: ObserverTestClient | undefined;
const openCalls: { cancel(): void }[] = [];

afterEach(async () => {
  for (const call of openCalls.splice(0)) call.cancel();
  client?.close();
  await relay?.stop();
  client = undefined;
  relay = undefined;
});

async function setUp(options: DemoRelayOptions = {}) {
  relay = await startDemoRelay({ clock: () => BASE_MS, ...options });
  client = observerTestClient(relay.address);
  return { relay, client };
}

function follow(request: Parameters<ObserverTestClient["getFlows"]>[0]) {
  const call = client!.getFlows({ follow: true, ...request });
  call.on("error", () => {}); // cancelled by the test
  openCalls.push(call);
  return call;
}

describe("demo relay GetFlows follow", () => {
  it("delivers a matching flow published after the call started", async () => {
    const { relay } = await setUp();
    relay.publish(demoFlow(BASE_MS, 1));
    const call = follow({ whitelist: [{ verdict: ["DROPPED"] }] });
    const received = nextResponses(call, 1);
    await accepted(call);
    relay.publish(demoFlow(BASE_MS, 2, { verdict: "FORWARDED" }));
    relay.publish(demoFlow(BASE_MS, 3));
    expect(uuidsOf(await received)).toEqual(["flow-3"]);
  });

  it("sends the last N flows first, then live ones", async () => {
    const { relay } = await setUp();
    for (let second = 1; second <= 5; second++) relay.publish(demoFlow(BASE_MS, second));
    const call = follow({ number: "2" });
    await accepted(call);
    relay.publish(demoFlow(BASE_MS, 6));
    expect(uuidsOf(await nextResponses(call, 3))).toEqual(["flow-4", "flow-5", "flow-6"]);
  });

  it("sends everything since `since`, then live flows", async () => {
    const { relay } = await setUp();
    for (let second = 1; second <= 5; second++) relay.publish(demoFlow(BASE_MS, second));
    const call = follow({ since: at(3) });
    await accepted(call);
    relay.publish(demoFlow(BASE_MS, 6));
    expect(uuidsOf(await nextResponses(call, 4))).toEqual(["flow-3", "flow-4", "flow-5", "flow-6"]);
  });

  it("ends the stream once a flow past `until` arrives", async () => {
    const { relay, client } = await setUp();
    const call = client.getFlows({ follow: true, until: at(10) });
    const responses = collect(call);
    await accepted(call);
    relay.publish(demoFlow(BASE_MS, 9));
    relay.publish(demoFlow(BASE_MS, 11));
    relay.publish(demoFlow(BASE_MS, 12));
    expect(uuidsOf(await responses)).toEqual(["flow-9"]);
    expect(relay.stats().followers).toBe(0);
  });

  it("ends after the history when `until` has already passed", async () => {
    const { relay, client } = await setUp({ clock: () => BASE_MS + 20_000 });
    relay.publish(demoFlow(BASE_MS, 1));
    const responses = await collect(client.getFlows({ follow: true, number: "5", until: at(10) }));
    expect(uuidsOf(responses)).toEqual(["flow-1"]);
    expect(relay.stats().followers).toBe(0);
  });

  it("frees the subscription when the client cancels", async () => {
    const { relay } = await setUp();
    const call = follow({});
    await accepted(call);
    expect(relay.stats().followers).toBe(1);
    call.cancel();
    await vi.waitFor(() => expect(relay.stats().followers).toBe(0));
  });

  it("frees every subscription on stop", async () => {
    const { relay } = await setUp();
    const call = follow({});
    await accepted(call);
    await relay.stop();
    expect(relay.stats().followers).toBe(0);
  });

  it("tells a follower that falls behind how many flows it lost, queueing only a bounded number", async () => {
    const { relay, client } = await setUp({ maxQueuedPerFollower: 8 });
    const call = client.getFlows({ follow: true, until: at(2000) });
    await accepted(call);
    // 1500 flows arrive in one burst, far faster than the stream can carry them, then one past `until`.
    for (let second = 1; second <= 1500; second++) relay.publish(demoFlow(BASE_MS, second));
    relay.publish(demoFlow(BASE_MS, 2001));
    const responses = await collect(call);
    const delivered = uuidsOf(responses);
    const lost = responses.flatMap((response) => (response.lost_events ? [response.lost_events] : []));
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((event) => event.source === "HUBBLE_RING_BUFFER")).toBe(true);
    const lostCount = lost.reduce((sum, event) => sum + Number(event.num_events_lost), 0);
    expect(delivered.length).toBeLessThan(100);
    expect(delivered.length + lostCount).toBe(1500);
    expect(delivered[0]).toBe("flow-1");
  });
});
