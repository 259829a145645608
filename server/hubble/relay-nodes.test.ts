import { afterEach, describe, expect, it } from "vitest";
import { startDemoRelay, type DemoRelay } from "@/server/demo/relay";
import { createObserverClient, type ObserverClient } from "./client";
import { readRelayNodes } from "./relay-nodes";
import { startTestObserver, type TestObserver } from "./testing/test-observer";

let relay: DemoRelay | undefined;
let observer: TestObserver | undefined;
let client: ObserverClient | undefined;

afterEach(async () => {
  client?.close();
  await relay?.stop();
  await observer?.stop();
  relay = observer = client = undefined;
});

describe("readRelayNodes", () => {
  it("reads the relay's node counts and its list of nodes", async () => {
    relay = await startDemoRelay({
      nodes: [
        { name: "sieve-demo/node-1", address: "192.168.10.11:4244" },
        { name: "sieve-demo/node-2", address: "192.168.10.12:4244" },
      ],
    });
    relay.setNodeAvailable("sieve-demo/node-2", false);
    client = createObserverClient({ address: relay.address, tls: null });
    const nodes = await readRelayNodes(client);
    expect(nodes).toMatchObject({ connected: 1, unavailable: 1, unavailableNames: ["sieve-demo/node-2"] });
    expect(nodes.nodes?.map((node) => [node.name, node.state, node.address])).toEqual([
      ["sieve-demo/node-1", "NODE_CONNECTED", "192.168.10.11:4244"],
      ["sieve-demo/node-2", "NODE_UNAVAILABLE", "192.168.10.12:4244"],
    ]);
  });

  it("has no list from a Hubble server that is not a relay (GetNodes unimplemented)", async () => {
    observer = await startTestObserver();
    client = createObserverClient({ address: observer.address, tls: null });
    expect(await readRelayNodes(client)).toEqual({
      connected: 1,
      unavailable: null,
      unavailableNames: [],
      nodes: null,
    });
  });
});
