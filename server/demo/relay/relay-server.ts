import "server-only";
import {
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from "@grpc/grpc-js";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { DEFAULT_RING_CAPACITY, FlowRing } from "./flow-ring";
import { encodeFlowResponse, getFlowsResponses, serveGetFlows, type GetFlowsContext } from "./get-flows-call";
import type { GetFlowsRequestWire } from "./get-flows-request";
import { observerServiceDefinition } from "./observer-service";
import { flowsRate, NamespaceTracker } from "./relay-status";

// Sieve's demo Hubble Relay: observer.Observer over gRPC on loopback, serving the flows the demo
// scenario publishes with Hubble's GetFlows semantics, so `hubble observe` and Sieve's own client
// use it exactly as a real relay.

export const DEMO_RELAY_VERSION = "1.18.0-sieve-demo";
export const DEMO_CLUSTER_NAME = "sieve-demo";
export const DEFAULT_MAX_QUEUED_PER_FOLLOWER = 1024;

export interface DemoRelayOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Flows kept for history; default 8192, Hubble's default too. */
  capacity?: number;
  /** PEM certificate and key to serve TLS with; plaintext without. */
  tls?: { cert: string; key: string };
  version?: string;
  /** Reported with each namespace by GetNamespaces. */
  clusterName?: string;
  /** Node name of the relay's own lost-events responses. */
  nodeName?: string;
  /** Live flows a slow follower may fall behind by before it loses flows. */
  maxQueuedPerFollower?: number;
  /** Milliseconds since the epoch; tests pin it. */
  clock?: () => number;
}

export interface DemoRelayStats {
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  /** GetFlows calls currently following live flows. */
  followers: number;
}

export interface DemoRelay {
  /** host:port to give a Hubble client, e.g. 127.0.0.1:4245. */
  address: string;
  tls: boolean;
  publish(flow: HubbleFlowJson): void;
  stats(): DemoRelayStats;
  stop(): Promise<void>;
}

function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function startDemoRelay(options: DemoRelayOptions = {}): Promise<DemoRelay> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? Date.now;
  const clusterName = options.clusterName ?? DEMO_CLUSTER_NAME;
  const nodeName = options.nodeName ?? `${clusterName}/hubble-relay`;
  const version = options.version ?? DEMO_RELAY_VERSION;
  const maxQueued = options.maxQueuedPerFollower ?? DEFAULT_MAX_QUEUED_PER_FOLLOWER;
  const ring = new FlowRing(options.capacity ?? DEFAULT_RING_CAPACITY, encodeFlowResponse);
  const namespaces = new NamespaceTracker(clusterName);
  const startedMs = clock();
  const nowNs = () => BigInt(Math.round(clock() * 1_000_000));
  /** How to abort each open GetFlows call, for stop(). */
  const openCalls = new Set<() => void>();

  const getFlowsContext: GetFlowsContext = {
    ring,
    responses: getFlowsResponses(nodeName, clock),
    maxQueued,
    nowNs,
    openCalls,
  };

  function serverStatus(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>): void {
    callback(null, {
      num_flows: String(ring.size),
      max_flows: String(ring.capacity),
      seen_flows: String(ring.seen),
      uptime_ns: String(BigInt(Math.max(0, Math.round((clock() - startedMs) * 1_000_000)))),
      num_connected_nodes: { value: 1 },
      num_unavailable_nodes: { value: 0 },
      version,
      flows_rate: flowsRate(ring, nowNs()),
    });
  }

  function getNamespaces(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>): void {
    callback(null, { namespaces: namespaces.list(clock()) });
  }

  const server = new Server();
  server.addService(observerServiceDefinition(), {
    GetFlows: (call: ServerWritableStream<GetFlowsRequestWire, object>) =>
      serveGetFlows(call, getFlowsContext),
    ServerStatus: serverStatus,
    GetNamespaces: getNamespaces,
  });
  const credentials = options.tls
    ? ServerCredentials.createSsl(
        null,
        [{ cert_chain: Buffer.from(options.tls.cert), private_key: Buffer.from(options.tls.key) }],
        false,
      )
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(formatAddress(host, options.port ?? 0), credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    address: formatAddress(host, port),
    tls: options.tls !== undefined,
    publish(flow) {
      ring.push(flow);
      namespaces.record(flow, clock());
    },
    stats: () => ({
      numFlows: ring.size,
      maxFlows: ring.capacity,
      seenFlows: ring.seen,
      followers: ring.subscriberCount,
    }),
    async stop() {
      for (const abort of [...openCalls]) abort();
      // Followers never end on their own; cut them as a relay going away would.
      server.forceShutdown();
    },
  };
}
