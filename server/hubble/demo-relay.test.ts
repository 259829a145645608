import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { hubbleFixtures } from "@/lib/hubble/fixtures";
import { createDemoTlsIdentity } from "@/server/demo/kube-api";
import { DEMO_RELAY_VERSION, startDemoRelay } from "@/server/demo/relay";
import { waitUntil } from "../kube/testing/wait-until";
import { createObserverClient, type HubbleRelayError, type ObserverClient } from "./client";
import { startFlowFeed } from "./flow-feed";

// Sieve's own adapter against Sieve's demo relay: the path the demo mode and the e2e tests take.

const dir = mkdtempSync(path.join(tmpdir(), "sieve-demo-relay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Hubble adapter against the demo relay", () => {
  it("follows the demo relay's flows over TLS with a server name override", async () => {
    const serverName = "relay.sieve-demo.hubble-grpc.cilium.io";
    const identity = createDemoTlsIdentity([serverName]);
    const caFile = path.join(dir, "ca.pem");
    writeFileSync(caFile, identity.certificate);
    const relay = await startDemoRelay({ tls: { cert: identity.certificate, key: identity.privateKey } });
    const connection = { address: relay.address, tls: { caFile, serverName } };
    const flows: Flow[] = [];
    const arrived = new Set<() => void>();
    const feed = startFlowFeed({
      connection,
      windowMs: 24 * 60 * 60_000,
      clock: { now: () => Date.UTC(2025, 4, 14, 10), schedule: () => () => undefined },
      log: () => undefined,
      onFlow: (flow) => {
        flows.push(flow);
        for (const listener of [...arrived]) listener();
      },
    });
    const client = createObserverClient(connection);
    try {
      for (const flow of hubbleFixtures()) relay.publish(flow);
      await waitUntil(
        (listener) => {
          arrived.add(listener);
          return () => arrived.delete(listener);
        },
        () => flows.length === hubbleFixtures().length,
        "every fixture flow arrives",
      );
      expect(flows).toEqual(hubbleFixtures().map(flowFromHubbleJson));
      expect(feed.status()).toMatchObject({ state: "streaming", lastError: null });
      expect((await client.serverStatus()).version).toBe(DEMO_RELAY_VERSION);
    } finally {
      feed.stop();
      client.close();
      await relay.stop();
    }
  });

  it("reports the relay's own error status (INVALID_ARGUMENT) in one line", async () => {
    const relay = await startDemoRelay();
    const client = createObserverClient({ address: relay.address, tls: null });
    try {
      const error = await new Promise<HubbleRelayError>((resolve) =>
        client.getFlows(
          { first: true, follow: true },
          { onEnd: () => resolve(new Error("ended") as HubbleRelayError), onError: resolve },
        ),
      );
      expect(error.code).toBe(3);
      expect(error.message).toBe(
        `Hubble Relay at ${relay.address} answered INVALID_ARGUMENT: first cannot be specified with follow`,
      );
    } finally {
      client.close();
      await relay.stop();
    }
  });

  it("reports UNAVAILABLE when the relay goes away in the middle of a stream", async () => {
    const relay = await startDemoRelay();
    const client: ObserverClient = createObserverClient({ address: relay.address, tls: null });
    try {
      const flows: Flow[] = [];
      let firstFlow!: () => void;
      const flowArrived = new Promise<void>((resolve) => (firstFlow = resolve));
      let connected!: () => void;
      const accepted = new Promise<void>((resolve) => (connected = resolve));
      const failed = new Promise<HubbleRelayError>((resolve, reject) =>
        client.getFlows(
          { follow: true },
          {
            onSieveFlow: (flow) => {
              flows.push(flow);
              firstFlow();
            },
            onConnected: connected,
            onEnd: () => reject(new Error("the stream ended normally")),
            onError: resolve,
          },
        ),
      );
      await accepted;
      relay.publish(hubbleFixtures()[0]!);
      await flowArrived;
      await relay.stop();
      const error = await failed;
      expect(flows).toHaveLength(1);
      expect(error.code).toBe(14);
      expect(error.message).toMatch(new RegExp(`^cannot reach Hubble Relay at ${relay.address}: `));
    } finally {
      client.close();
    }
  });
});
