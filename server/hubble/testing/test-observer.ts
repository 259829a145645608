import "server-only";
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { onTestFinished } from "vitest";
import { compileFlowSelection } from "@/lib/hubble/flow-filter-match";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { parseTimestamp } from "@/lib/hubble/timestamp";
import type { WireGetFlowsRequest } from "../get-flows-request";
import { loadObserverProto } from "../observer-proto";
import type { WireGetFlowsResponse, WireTimestamp } from "../wire-flow";
import { flowJsonToWire, textToWireTimestamp } from "../wire-json";

// A small observer.Observer server for tests at the process boundary: flows published to it are
// kept (in a store that can outlive one server, so a "restarted relay" still has its history) and
// streamed to followers, honouring since/until, number/first and the whitelist/blacklist.

export interface PublishedFlow {
  json: HubbleFlowJson;
  nodeName: string;
}

export class TestFlowStore {
  readonly flows: PublishedFlow[] = [];
  readonly listeners = new Set<(flow: PublishedFlow) => void>();

  publish(json: HubbleFlowJson, nodeName = json.node_name ?? "test-node"): void {
    const flow = { json, nodeName };
    this.flows.push(flow);
    for (const listener of [...this.listeners]) listener(flow);
  }
}

export interface TestObserverOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  store?: TestFlowStore;
  tls?: { certificate: string; privateKey: string; clientCa?: string };
}

export interface TestObserver {
  address: string;
  port: number;
  store: TestFlowStore;
  /** Every GetFlows request received, in order. */
  requests: WireGetFlowsRequest[];
  /** Open GetFlows follow streams. */
  openStreams(): number;
  /** Called when a follow stream opens or closes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  publish(json: HubbleFlowJson, nodeName?: string): void;
  /** Writes a response as is to every follow stream (node status and lost-events messages). */
  sendToFollowers(response: WireGetFlowsResponse): void;
  /**
   * While true, open follow streams receive nothing although flows are published and counted by
   * ServerStatus: a stream stuck while the relay itself answers.
   */
  stallFollowers(stalled: boolean): void;
  /** Drops every connection at once, like a relay pod being killed. */
  stop(): Promise<void>;
}

function nanos(timestamp: WireTimestamp | undefined): bigint | null {
  if (!timestamp) return null;
  return BigInt(timestamp.seconds ?? 0) * 1_000_000_000n + BigInt(timestamp.nanos ?? 0);
}

function flowNanos(json: HubbleFlowJson): bigint {
  const t = parseTimestamp(json.time);
  return t ? BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos) : 0n;
}

function response(flow: PublishedFlow) {
  return {
    flow: flowJsonToWire(flow.json),
    node_name: flow.nodeName,
    time: textToWireTimestamp(flow.json.time),
  };
}

export async function startTestObserver(options: TestObserverOptions = {}): Promise<TestObserver> {
  const { service } = loadObserverProto();
  const store = options.store ?? new TestFlowStore();
  const requests: WireGetFlowsRequest[] = [];
  /** Open follow streams and how to unsubscribe each from the store. */
  const streams = new Map<ServerWritableStream<WireGetFlowsRequest, object>, () => void>();
  const streamListeners = new Set<() => void>();
  let stalled = false;
  const streamsChanged = () => {
    for (const listener of [...streamListeners]) listener();
  };

  function getFlows(call: ServerWritableStream<WireGetFlowsRequest, object>): void {
    const request = call.request;
    requests.push(request);
    const selected = compileFlowSelection(request.whitelist ?? [], request.blacklist ?? []);
    const since = nanos(request.since);
    const until = nanos(request.until);
    const inWindow = (flow: PublishedFlow) => {
      const t = flowNanos(flow.json);
      return (since === null || t >= since) && (until === null || t <= until) && selected(flow.json);
    };
    // Like the relay, answer at once (with headers) so the client knows the stream is up.
    call.sendMetadata(new Metadata());
    let history = store.flows.filter(inWindow);
    const number = Number(request.number ?? 0);
    if (number > 0) history = request.first ? history.slice(0, number) : history.slice(-number);
    for (const flow of history) call.write(response(flow));
    if (!request.follow) {
      call.end();
      return;
    }
    const listener = (flow: PublishedFlow) => {
      if (!stalled && inWindow(flow)) call.write(response(flow));
    };
    const close = () => {
      store.listeners.delete(listener);
      if (streams.delete(call)) streamsChanged();
    };
    store.listeners.add(listener);
    streams.set(call, close);
    streamsChanged();
    call.on("cancelled", close);
    call.on("close", close);
  }

  const server = new Server();
  server.addService(service, {
    GetFlows: getFlows,
    ServerStatus: (_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) =>
      callback(null, {
        num_flows: String(store.flows.length),
        max_flows: "4095",
        seen_flows: String(store.flows.length),
        uptime_ns: "1000000000",
        num_connected_nodes: { value: 1 },
        version: "test-observer",
      }),
    GetNamespaces: (_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
      const names = new Set(
        store.flows.flatMap((f) => [f.json.source?.namespace, f.json.destination?.namespace]).filter(Boolean),
      );
      callback(null, {
        namespaces: [...names].sort().map((namespace) => ({ cluster: "homelab", namespace })),
      });
    },
  });

  const creds = options.tls
    ? ServerCredentials.createSsl(
        options.tls.clientCa ? Buffer.from(options.tls.clientCa) : null,
        [
          {
            private_key: Buffer.from(options.tls.privateKey),
            cert_chain: Buffer.from(options.tls.certificate),
          },
        ],
        Boolean(options.tls.clientCa),
      )
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, creds, (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    address: `127.0.0.1:${port}`,
    port,
    store,
    requests,
    openStreams: () => streams.size,
    subscribe(listener) {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    publish: (json, nodeName) => store.publish(json, nodeName),
    sendToFollowers: (message) => {
      for (const call of streams.keys()) call.write(message);
    },
    stallFollowers: (value) => {
      stalled = value;
    },
    stop: async () => {
      for (const close of [...streams.values()]) close();
      server.forceShutdown();
    },
  };
}

/** A test observer for the running test only: stopped once the test and its afterEach hooks end. */
export async function startTestObserverForTest(options: TestObserverOptions = {}): Promise<TestObserver> {
  const server = await startTestObserver(options);
  onTestFinished(() => server.stop());
  return server;
}
