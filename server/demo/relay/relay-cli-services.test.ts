import { status, type ServiceError } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { HUBBLE_HEALTH_SERVICE } from "@/server/hubble/health-proto";
import { startDemoRelay, type DemoRelay, type DemoRelayOptions } from "./relay-server";
import {
  collect,
  demoFlow,
  healthTestClient,
  nextResponses,
  observerTestClient,
  type HealthTestClient,
  type ObserverTestClient,
} from "./testing/relay-test-client";

// What the hubble CLI asks a relay besides flows: `hubble status` checks grpc.health.v1.Health
// for hubble.server.Observer, then calls ServerStatus; `hubble list nodes` calls GetNodes;
// `hubble observe agent-events` / `debug-events` get UNIMPLEMENTED from Hubble Relay.

const BASE_MS = Date.UTC(2025, 4, 14, 9, 0, 0);
const NODES = [
  { name: "sieve-demo/node-1", address: "192.168.10.11:4244" },
  { name: "sieve-demo/node-2", address: "192.168.10.12:4244" },
];

let relay: DemoRelay | undefined;
let client: ObserverTestClient | undefined;
let health: HealthTestClient | undefined;

afterEach(async () => {
  client?.close();
  health?.close();
  await relay?.stop();
  relay = client = health = undefined;
});

async function setUp(options: DemoRelayOptions = {}) {
  relay = await startDemoRelay({ clock: () => BASE_MS + 60_000, ...options });
  client = observerTestClient(relay.address);
  health = healthTestClient(relay.address);
  return { relay, client, health };
}

describe("demo relay health", () => {
  it("is SERVING for the server and for hubble.server.Observer while a node is connected", async () => {
    const { health } = await setUp({ nodes: NODES });
    expect(await health.check("")).toEqual({ status: "SERVING" });
    expect(await health.check(HUBBLE_HEALTH_SERVICE)).toEqual({ status: "SERVING" });
    const unknown = await health.check("observer.Nothing").catch((error: ServiceError) => error);
    expect((unknown as ServiceError).code).toBe(status.NOT_FOUND);
  });

  it("is NOT_SERVING without a connected node, as Hubble Relay, and a watch sees it recover", async () => {
    const { relay, health } = await setUp();
    expect(await health.check(HUBBLE_HEALTH_SERVICE)).toEqual({ status: "NOT_SERVING" });
    const watch = health.watch(HUBBLE_HEALTH_SERVICE);
    expect(await nextResponses(watch, 1)).toEqual([{ status: "NOT_SERVING" }]);
    relay.publish(demoFlow(BASE_MS, 1));
    expect(await nextResponses(watch, 1)).toEqual([{ status: "SERVING" }]);
    relay.setNodeAvailable("sieve-demo/worker-1", false);
    expect(await nextResponses(watch, 1)).toEqual([{ status: "NOT_SERVING" }]);
    watch.on("error", () => undefined); // the CANCELLED status of our own cancel
    watch.cancel();
  });
});

describe("demo relay nodes", () => {
  it("lists the nodes it started with and those flows name, with what each holds", async () => {
    let nowMs = BASE_MS;
    const { relay, client } = await setUp({ nodes: NODES, capacity: 8, clock: () => nowMs });
    nowMs += 60_000;
    relay.publish(demoFlow(BASE_MS, 1, { node_name: "sieve-demo/node-2" }));
    relay.publish(demoFlow(BASE_MS, 2, { node_name: "sieve-demo/node-2" }));
    relay.publish(demoFlow(BASE_MS, 3, { node_name: "sieve-demo/node-3" }));
    const nodes = await client.getNodes();
    expect(nodes.map((node) => node.name)).toEqual([
      "sieve-demo/node-1",
      "sieve-demo/node-2",
      "sieve-demo/node-3",
    ]);
    expect(nodes[1]).toEqual({
      name: "sieve-demo/node-2",
      version: "1.18.0-sieve-demo",
      address: "192.168.10.12:4244",
      state: "NODE_CONNECTED",
      tls: { enabled: false, server_name: "" },
      uptime_ns: "60000000000",
      num_flows: "2",
      max_flows: "8",
      seen_flows: "2",
    });
    expect(nodes[0]).toMatchObject({ state: "NODE_CONNECTED", num_flows: "0" });
  });

  it("reports connected and unavailable nodes in ServerStatus and GetNodes", async () => {
    const { relay, client } = await setUp({ nodes: NODES });
    relay.setNodeAvailable("sieve-demo/node-1", false);
    expect(await client.serverStatus()).toMatchObject({
      num_connected_nodes: { value: 1 },
      num_unavailable_nodes: { value: 1 },
      unavailable_nodes: ["sieve-demo/node-1"],
    });
    const [lost] = await client.getNodes();
    expect(lost).toEqual({
      name: "sieve-demo/node-1",
      address: "192.168.10.11:4244",
      state: "NODE_UNAVAILABLE",
      tls: { enabled: false, server_name: "" },
    });
  });
});

describe("demo relay agent and debug events", () => {
  it("answers both with UNIMPLEMENTED, in Hubble Relay's words", async () => {
    const { client } = await setUp({ nodes: NODES });
    for (const [method, stream] of [
      ["GetAgentEvents", client.getAgentEvents()],
      ["GetDebugEvents", client.getDebugEvents()],
    ] as const) {
      const error = (await collect(stream).catch((e: ServiceError) => e)) as ServiceError;
      expect(error.code).toBe(status.UNIMPLEMENTED);
      expect(error.details).toBe(`${method} not yet implemented`);
    }
  });
});
