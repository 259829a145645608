import { afterEach, describe, expect, it } from "vitest";
import type { Flow } from "@/lib/flows/flow";
import { hubbleFixture, hubbleFixtures } from "@/lib/hubble/fixtures";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowFiltersFor } from "@/lib/hubble/flow-filters";
import { createDemoTlsIdentity } from "@/server/demo/kube-api";
import { tempFolder } from "@/server/testing/temp-folder";
import {
  createObserverClient,
  type GetFlowsRequestJson,
  type HubbleRelayError,
  type ObserverClient,
} from "./client";
import { createClientCa, issueClientCertificate } from "./testing/client-certificate";
import { startTestObserver, startTestObserverForTest } from "./testing/test-observer";

const { file: writeTmp } = tempFolder("sieve-hubble-client-");

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const observer = startTestObserverForTest;

function client(settings: Parameters<typeof createObserverClient>[0]): ObserverClient {
  const c = createObserverClient(settings);
  cleanups.push(() => c.close());
  return c;
}

interface Collected {
  flows: { json: HubbleFlowJson; nodeName: string }[];
  ended: Promise<void>;
  failed: Promise<HubbleRelayError>;
  connected: Promise<void>;
  /** Resolves once `count` flows have arrived. */
  flowCount(count: number): Promise<void>;
}

function collect(c: ObserverClient, request: GetFlowsRequestJson): Collected & { cancel(): void } {
  const flows: Collected["flows"] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let onEnd!: () => void;
  let onError!: (error: HubbleRelayError) => void;
  let onConnected!: () => void;
  const ended = new Promise<void>((resolve) => (onEnd = resolve));
  const failed = new Promise<HubbleRelayError>((resolve) => (onError = resolve));
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const stream = c.getFlows(request, {
    onFlow: (json, nodeName) => {
      flows.push({ json, nodeName });
      for (const w of waiters.filter((w) => flows.length >= w.count)) w.resolve();
    },
    onConnected,
    onEnd,
    onError,
  });
  cleanups.push(() => stream.cancel());
  return {
    flows,
    ended,
    failed,
    connected,
    cancel: () => stream.cancel(),
    flowCount: (count) =>
      flows.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

describe("observer client over plaintext", () => {
  it("receives the relay's flows converted to hubble JSON, with their node names", async () => {
    const relay = await observer();
    for (const flow of hubbleFixtures()) relay.publish(flow);
    const stream = collect(client({ address: relay.address, tls: null }), {});
    await stream.ended;
    expect(stream.flows.map((f) => f.json)).toEqual(hubbleFixtures());
    expect(stream.flows[0]!.nodeName).toBe("homelab-worker-1");
  });

  it("decodes flows straight into Sieve's model when only that is asked for", async () => {
    const relay = await observer();
    for (const flow of hubbleFixtures()) relay.publish(flow);
    const flows: { flow: Flow; nodeName: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      client({ address: relay.address, tls: null }).getFlows(
        {},
        { onSieveFlow: (flow, nodeName) => flows.push({ flow, nodeName }), onEnd: resolve, onError: reject },
      );
    });
    expect(flows.map((f) => f.flow)).toEqual(hubbleFixtures().map(flowFromHubbleJson));
    expect(flows.map((f) => f.nodeName)).toEqual(hubbleFixtures().map((flow) => flow.node_name));
  });

  it("gives both shapes of each flow when both are asked for", async () => {
    const relay = await observer();
    for (const flow of hubbleFixtures()) relay.publish(flow);
    const jsons: HubbleFlowJson[] = [];
    const flows: Flow[] = [];
    await new Promise<void>((resolve, reject) => {
      client({ address: relay.address, tls: null }).getFlows(
        {},
        {
          onFlow: (json) => jsons.push(json),
          onSieveFlow: (flow) => flows.push(flow),
          onEnd: resolve,
          onError: reject,
        },
      );
    });
    expect(jsons).toEqual(hubbleFixtures());
    expect(flows).toEqual(hubbleFixtures().map(flowFromHubbleJson));
  });

  it("sends since, number and filters, and follows new flows", async () => {
    const relay = await observer();
    for (const flow of hubbleFixtures()) relay.publish(flow);
    const since = Date.UTC(2025, 4, 14, 9, 12, 4);
    const stream = collect(client({ address: relay.address, tls: null }), {
      follow: true,
      since: new Date(since),
      number: 100,
      whitelist: flowFiltersFor({ namespaces: ["database"] }),
    });
    await stream.flowCount(1);
    expect(relay.requests[0]).toEqual({
      follow: true,
      number: "100",
      since: { seconds: String(since / 1000), nanos: 0 },
      whitelist: [{ source_pod: ["database/"] }, { destination_pod: ["database/"] }],
    });
    // Only the database flow after `since` is history; the two earlier ones are not sent.
    expect(stream.flows.map((f) => f.json.uuid)).toEqual([hubbleFixture("policyDeniedIngress").uuid]);

    const later = { ...hubbleFixture("tcpReply"), time: "2025-05-14T09:13:00Z", uuid: "later" };
    relay.publish(hubbleFixture("httpRequest")); // not about database: filtered out
    relay.publish(later);
    await stream.flowCount(2);
    expect(stream.flows[1]!.json).toEqual(later);
  });

  it("reports the stream as connected before any flow arrives", async () => {
    const relay = await observer();
    const stream = collect(client({ address: relay.address, tls: null }), { follow: true });
    await stream.connected;
    expect(stream.flows).toEqual([]);
    expect(relay.openStreams()).toBe(1);
  });

  it("calls no handler after cancel", async () => {
    const relay = await observer();
    const c = client({ address: relay.address, tls: null });
    const stream = collect(c, { follow: true });
    await stream.connected;
    const outcomes: string[] = [];
    void stream.failed.then(() => outcomes.push("error"));
    void stream.ended.then(() => outcomes.push("end"));
    stream.cancel();
    relay.publish(hubbleFixture("tcpReply"));
    // A round trip on the same connection: the local CANCELLED status has been delivered by then.
    await c.serverStatus();
    expect(outcomes).toEqual([]);
    expect(stream.flows).toEqual([]);
  });

  it.each(["onFlow", "onSieveFlow"] as const)(
    "passes node status and lost-events messages to their handlers (%s)",
    async (flowHandler) => {
      const relay = await observer();
      const events: unknown[] = [];
      let lostArrived!: () => void;
      const lost = new Promise<void>((resolve) => (lostArrived = resolve));
      let connected!: () => void;
      const ready = new Promise<void>((resolve) => (connected = resolve));
      client({ address: relay.address, tls: null }).getFlows(
        { follow: true },
        {
          [flowHandler]: () => events.push("flow"),
          onConnected: connected,
          onNodeStatus: (status, node) => events.push({ status, node }),
          onLostEvents: (lostEvents, node) => {
            events.push({ lostEvents, node });
            lostArrived();
          },
          onEnd: () => events.push("end"),
          onError: (error) => events.push(error.message),
        },
      );
      await ready;
      relay.sendToFollowers({
        node_status: {
          state_change: "NODE_UNAVAILABLE",
          node_names: ["homelab/worker-2"],
          message: "dial timeout",
        },
        node_name: "homelab/hubble-relay",
      });
      relay.sendToFollowers({
        lost_events: { source: "HUBBLE_RING_BUFFER", num_events_lost: "42", cpu: { value: 1 } },
        node_name: "homelab/worker-1",
      });
      await lost;
      expect(events).toEqual([
        {
          status: {
            state_change: "NODE_UNAVAILABLE",
            node_names: ["homelab/worker-2"],
            message: "dial timeout",
          },
          node: "homelab/hubble-relay",
        },
        {
          lostEvents: { source: "HUBBLE_RING_BUFFER", num_events_lost: "42", cpu: 1 },
          node: "homelab/worker-1",
        },
      ]);
    },
  );

  it("answers ServerStatus and GetNamespaces", async () => {
    const relay = await observer();
    relay.publish(hubbleFixture("tcpSynForwarded"));
    relay.publish(hubbleFixture("worldEgressDropped"));
    const c = client({ address: relay.address, tls: null });
    expect(await c.serverStatus()).toMatchObject({
      num_flows: "2",
      max_flows: "4095",
      num_connected_nodes: 1,
    });
    expect(await c.getNamespaces()).toEqual([
      { cluster: "homelab", namespace: "batch" },
      { cluster: "homelab", namespace: "database" },
      { cluster: "homelab", namespace: "shop" },
    ]);
  });

  it("gives one line naming the address when the relay is unreachable", async () => {
    const gone = await startTestObserver();
    await gone.stop();
    const c = client({ address: gone.address, tls: null });
    const error = await collect(c, { follow: true }).failed;
    expect(error.message).toBe(
      `cannot reach Hubble Relay at ${gone.address}: connect ECONNREFUSED ${gone.address}`,
    );
    await expect(c.serverStatus()).rejects.toThrow(`cannot reach Hubble Relay at ${gone.address}`);
  });
});

describe("observer client over TLS", () => {
  const relayName = "relay.hubble-relay.test";
  const identity = createDemoTlsIdentity([relayName]);
  const caFile = writeTmp("relay-ca.pem", identity.certificate);

  it("verifies the relay against the CA file under the configured server name", async () => {
    const relay = await observer({ tls: identity });
    relay.publish(hubbleFixture("dnsResponse"));
    const c = client({ address: relay.address, tls: { caFile, serverName: relayName } });
    const stream = collect(c, {});
    await stream.ended;
    expect(stream.flows.map((f) => f.json)).toEqual([hubbleFixture("dnsResponse")]);
  });

  it("refuses a relay whose certificate does not name the address, in one line", async () => {
    const relay = await observer({ tls: identity });
    const error = await collect(client({ address: relay.address, tls: { caFile } }), {}).failed;
    expect(error.message).toBe(
      `cannot reach Hubble Relay at ${relay.address}: Hostname/IP does not match certificate's altnames: ` +
        "IP: 127.0.0.1 is not in the cert's list (set SIEVE_HUBBLE_TLS_SERVER_NAME to a name in the relay's certificate)",
    );
  });

  it("refuses a relay signed by another CA", async () => {
    const relay = await observer({ tls: identity });
    const otherCa = writeTmp("other-ca.pem", createDemoTlsIdentity([relayName]).certificate);
    const error = await collect(
      client({ address: relay.address, tls: { caFile: otherCa, serverName: relayName } }),
      {},
    ).failed;
    expect(error.message).toMatch(/^cannot reach Hubble Relay at .*: .*(signature|certificate)/i);
  });

  it("says so when a TLS client meets a plaintext relay", async () => {
    const relay = await observer();
    const error = await collect(
      client({ address: relay.address, tls: { caFile, serverName: relayName } }),
      {},
    ).failed;
    expect(error.message).toBe(
      `cannot reach Hubble Relay at ${relay.address}: TLS handshake failed: wrong version number`,
    );
  });

  it("presents a client certificate to a relay that requires one (mTLS)", async () => {
    const clientCa = createClientCa();
    const relay = await observer({ tls: { ...identity, clientCa: clientCa.certificate } });
    relay.publish(hubbleFixture("httpRequest"));
    const clientIdentity = issueClientCertificate(clientCa, "sieve");
    const certFile = writeTmp("client.pem", clientIdentity.certificate);
    const keyFile = writeTmp("client-key.pem", clientIdentity.privateKey);
    const c = client({ address: relay.address, tls: { caFile, certFile, keyFile, serverName: relayName } });
    const stream = collect(c, {});
    await stream.ended;
    expect(stream.flows.map((f) => f.json.uuid)).toEqual([hubbleFixture("httpRequest").uuid]);
  });

  it("says the relay wants a client certificate when none is configured", async () => {
    const relay = await observer({ tls: { ...identity, clientCa: createClientCa().certificate } });
    const error = await collect(
      client({ address: relay.address, tls: { caFile, serverName: relayName } }),
      {},
    ).failed;
    expect(error.message).toMatch(
      /^cannot reach Hubble Relay at .*: TLS handshake failed: .*certificate required$/,
    );
  });
});
