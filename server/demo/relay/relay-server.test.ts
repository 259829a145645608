import { status, type ServiceError } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { wireToFlowJson } from "@/server/hubble/wire-json";
import { createDemoTlsIdentity } from "@/server/demo/kube-api/tls-identity";
import { startDemoRelay, type DemoRelay, type DemoRelayOptions } from "./relay-server";
import {
  collect,
  demoFlow,
  observerTestClient,
  timeOf,
  uuidsOf,
  type ObserverTestClient,
} from "./testing/relay-test-client";

const BASE_MS = Date.UTC(2025, 4, 14, 9, 0, 0);
const at = (second: number) => ({ seconds: String(BASE_MS / 1000 + second), nanos: 0 });
const WORLD = { identity: 2, labels: ["reserved:world"] };

let relay: DemoRelay | undefined;
let client: ObserverTestClient | undefined;

afterEach(async () => {
  client?.close();
  await relay?.stop();
  client = undefined;
  relay = undefined;
});

async function setUp(options: DemoRelayOptions = {}) {
  relay = await startDemoRelay({ clock: () => BASE_MS + 60_000, ...options });
  client = observerTestClient(relay.address);
  // Seconds 1..8: shop's web is dropped toward database; istio-gateway is dropped toward shop at
  // 3 and 6; batch's traffic to the world at 4 and 7 is forwarded; 8 is a dropped DNS lookup
  // from batch.
  const publish = relay.publish;
  publish(demoFlow(BASE_MS, 1));
  publish(demoFlow(BASE_MS, 2));
  publish(demoFlow(BASE_MS, 3, { from: ["istio-gateway", "external-istio-1"], to: ["shop", "web-0"] }));
  publish(demoFlow(BASE_MS, 4, { verdict: "FORWARDED", from: ["batch", "report-1"], destination: WORLD }));
  publish(demoFlow(BASE_MS, 5, { l4: { TCP: { source_port: 41000, destination_port: 6379 } } }));
  publish(demoFlow(BASE_MS, 6, { from: ["istio-gateway", "external-istio-1"], to: ["shop", "web-1"] }));
  publish(demoFlow(BASE_MS, 7, { verdict: "FORWARDED", from: ["batch", "report-1"], destination: WORLD }));
  publish(
    demoFlow(BASE_MS, 8, {
      from: ["batch", "report-1"],
      to: ["kube-system", "coredns-1"],
      l4: { UDP: { source_port: 53000, destination_port: 53 } },
    }),
  );
  return { relay, client };
}

function expectInvalidArgument(error: unknown, mentioning: RegExp) {
  expect((error as ServiceError).code).toBe(status.INVALID_ARGUMENT);
  expect((error as ServiceError).details).toMatch(mentioning);
}

describe("demo relay GetFlows history", () => {
  it("returns only flows matching a verdict filter, with node name and time", async () => {
    const { client } = await setUp();
    const responses = await collect(
      client.getFlows({ number: "100", whitelist: [{ verdict: ["FORWARDED"] }] }),
    );
    expect(uuidsOf(responses)).toEqual(["flow-4", "flow-7"]);
    expect(responses[0]?.node_name).toBe("sieve-demo/worker-1");
    const published = demoFlow(BASE_MS, 4, {
      verdict: "FORWARDED",
      from: ["batch", "report-1"],
      destination: WORLD,
    });
    expect(timeOf(responses[0]!)).toBe(published.time);
    expect(wireToFlowJson(responses[0]!.flow!)).toEqual(published);
  });

  it("answers the filters hubble observe --verdict DROPPED --namespace shop sends", async () => {
    const { client } = await setUp();
    const responses = await collect(
      client.getFlows({
        number: "20",
        whitelist: [
          { source_pod: ["shop/"], verdict: ["DROPPED"] },
          { destination_pod: ["shop/"], verdict: ["DROPPED"] },
        ],
      }),
    );
    expect(uuidsOf(responses)).toEqual(["flow-1", "flow-2", "flow-3", "flow-5", "flow-6"]);
  });

  it("returns the last N matching flows, oldest first", async () => {
    const { client } = await setUp();
    expect(uuidsOf(await collect(client.getFlows({ number: "3" })))).toEqual(["flow-6", "flow-7", "flow-8"]);
    const drops = await collect(client.getFlows({ number: "2", whitelist: [{ verdict: ["DROPPED"] }] }));
    expect(uuidsOf(drops)).toEqual(["flow-6", "flow-8"]);
  });

  it("returns the first N matching flows with first", async () => {
    const { client } = await setUp();
    const responses = await collect(
      client.getFlows({ number: "2", first: true, whitelist: [{ source_pod: ["istio-gateway/"] }] }),
    );
    expect(uuidsOf(responses)).toEqual(["flow-3", "flow-6"]);
  });

  it("returns only flows at or after since, all of them when number is 0", async () => {
    const { client } = await setUp();
    expect(uuidsOf(await collect(client.getFlows({ since: at(6) })))).toEqual(["flow-6", "flow-7", "flow-8"]);
    expect(uuidsOf(await collect(client.getFlows({ since: at(2), until: at(5) })))).toEqual([
      "flow-2",
      "flow-3",
      "flow-4",
    ]);
  });

  it("leaves out flows matching a blacklist filter", async () => {
    const { client } = await setUp();
    const responses = await collect(
      client.getFlows({
        number: "100",
        whitelist: [{ verdict: ["DROPPED"] }],
        blacklist: [{ destination_port: ["5432"] }, { protocol: ["udp"] }],
      }),
    );
    expect(uuidsOf(responses)).toEqual(["flow-5"]);
  });

  it("ends at once with nothing when no flow matches", async () => {
    const { client } = await setUp();
    expect(
      await collect(client.getFlows({ number: "20", whitelist: [{ source_pod: ["nowhere/"] }] })),
    ).toEqual([]);
  });
});

describe("demo relay request validation", () => {
  it("refuses an invalid filter with INVALID_ARGUMENT naming the field", async () => {
    const { client } = await setUp();
    const invalid = collect(client.getFlows({ number: "20", whitelist: [{ dns_query: ["(unclosed"] }] }));
    await invalid.then(
      () => expect.unreachable(),
      (error) => expectInvalidArgument(error, /dns_query/),
    );
    const unsupported = collect(client.getFlows({ whitelist: [{ trace_id: ["abc"] }] }));
    await unsupported.then(
      () => expect.unreachable(),
      (error) => expectInvalidArgument(error, /trace_id/),
    );
  });

  it("refuses first with follow, and until before since", async () => {
    const { client } = await setUp();
    await collect(client.getFlows({ first: true, follow: true })).then(
      () => expect.unreachable(),
      (error) => expectInvalidArgument(error, /first/),
    );
    await collect(client.getFlows({ since: at(5), until: at(4) })).then(
      () => expect.unreachable(),
      (error) => expectInvalidArgument(error, /until/),
    );
  });

  it("refuses FlowFilter fields its proto does not define rather than ignoring them", async () => {
    const { client } = await setUp();
    // GetFlowsRequest{whitelist: [FlowFilter{field 36: "x", verdict: [DROPPED]}]}, as a newer CLI may send.
    const filter = Buffer.from([0xa2, 0x02, 0x01, 0x78, 0x28, 0x02]);
    const request = Buffer.concat([Buffer.from([0x32, filter.length]), filter]);
    await collect(client.getFlowsRaw(request)).then(
      () => expect.unreachable(),
      (error) => expectInvalidArgument(error, /field 36/),
    );
  });
});

describe("demo relay ServerStatus and GetNamespaces", () => {
  it("reports ring counters, nodes, version, uptime and the flow rate of the last minute", async () => {
    let nowMs = BASE_MS;
    relay = await startDemoRelay({ capacity: 4, clock: () => nowMs });
    client = observerTestClient(relay.address);
    for (let second = 1; second <= 6; second++) relay.publish(demoFlow(BASE_MS, second));
    nowMs = BASE_MS + 30_000;
    const reply = await client.serverStatus();
    expect(reply).toMatchObject({
      num_flows: "4",
      max_flows: "4",
      seen_flows: "6",
      uptime_ns: "30000000000",
      num_connected_nodes: { value: 1 },
      num_unavailable_nodes: {},
      version: "1.18.0-sieve-demo",
    });
    // The ring has overwritten flows of the last minute, so the rate covers the 26.75 s since its
    // oldest flow (3.25 s): 4 flows.
    expect(reply.flows_rate).toBeCloseTo(4 / 26.75, 6);
    expect(relay.stats()).toMatchObject({ numFlows: 4, maxFlows: 4, seenFlows: 6, followers: 0 });
  });

  it("lists the namespaces of recent flows, sorted, in the demo cluster", async () => {
    const { client } = await setUp();
    expect(await client.getNamespaces()).toEqual([
      { cluster: "sieve-demo", namespace: "batch" },
      { cluster: "sieve-demo", namespace: "database" },
      { cluster: "sieve-demo", namespace: "istio-gateway" },
      { cluster: "sieve-demo", namespace: "kube-system" },
      { cluster: "sieve-demo", namespace: "shop" },
    ]);
  });
});

describe("demo relay over TLS", () => {
  it("serves the same API to a client that trusts its certificate", async () => {
    const identity = createDemoTlsIdentity(["127.0.0.1"]);
    relay = await startDemoRelay({ tls: { cert: identity.certificate, key: identity.privateKey } });
    relay.publish(demoFlow(BASE_MS, 1));
    client = observerTestClient(relay.address, identity.certificate);
    expect(relay.tls).toBe(true);
    expect(uuidsOf(await collect(client.getFlows({ number: "1" })))).toEqual(["flow-1"]);
    const plaintext = observerTestClient(relay.address);
    await plaintext.serverStatus().then(
      () => expect.unreachable(),
      (error) => expect((error as ServiceError).code).toBe(status.UNAVAILABLE),
    );
    plaintext.close();
  });
});
