import "server-only";
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from "@grpc/grpc-js";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { loadHealthService } from "@/server/hubble/health-proto";
import { DEFAULT_RING_CAPACITY, FlowRing } from "./flow-ring";
import { encodeFlowResponse, getFlowsResponses, serveGetFlows, type GetFlowsContext } from "./get-flows-call";
import type { GetFlowsRequestWire } from "./get-flows-request";
import { observerServiceDefinition } from "./observer-service";
import { healthImplementation } from "./health-service";
import { DemoRelayNodes, type DemoRelayNode } from "./relay-nodes";
import { flowsRate, NamespaceTracker } from "./relay-status";

// Sieve's demo Hubble Relay: observer.Observer over gRPC on loopback, serving the flows the demo
// scenario publishes with Hubble's GetFlows semantics, so `hubble observe` and Sieve's own client
// use it exactly as a real relay. Like Hubble Relay it also serves grpc.health.v1.Health (what
// `hubble status` asks first) and GetNodes (`hubble list nodes`), and answers GetAgentEvents and
// GetDebugEvents with UNIMPLEMENTED, which is what Hubble Relay answers.

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
  /** Nodes connected from the start; nodes that published flows name are added as they come. */
  nodes?: readonly DemoRelayNode[];
}

export interface DemoRelayStats {
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  /** GetFlows calls currently following live flows. */
  followers: number;
  /** GetFlows calls received since the relay started. */
  getFlowsCalls: number;
}

export interface DemoRelay {
  /** host:port to give a Hubble client, e.g. 127.0.0.1:4245. */
  address: string;
  tls: boolean;
  publish(flow: HubbleFlowJson): void;
  /** Connects or loses a node, as a relay whose agent went away (added when new). */
  setNodeAvailable(name: string, available: boolean): void;
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
  const nodes = new DemoRelayNodes(options.nodes);
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
    const nodeCounts = nodes.counts();
    callback(null, {
      num_flows: String(ring.size),
      max_flows: String(ring.capacity),
      seen_flows: String(ring.seen),
      uptime_ns: uptimeNs(),
      num_connected_nodes: { value: nodeCounts.connected },
      num_unavailable_nodes: { value: nodeCounts.unavailable },
      unavailable_nodes: nodeCounts.unavailableNames,
      version,
      flows_rate: flowsRate(ring, nowNs()),
    });
  }

  function getNamespaces(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>): void {
    callback(null, { namespaces: namespaces.list(clock()) });
  }

  function uptimeNs(): string {
    return String(BigInt(Math.max(0, Math.round((clock() - startedMs) * 1_000_000))));
  }

  // One ring stands for every node's: each node reports the flows it holds and has seen there.
  function getNodes(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>): void {
    const held = new Map<string, number>();
    for (const stored of ring.snapshot()) {
      const name = stored.flow.node_name ?? "";
      held.set(name, (held.get(name) ?? 0) + 1);
    }
    callback(null, {
      nodes: nodes.list().map((node) => ({
        name: node.name,
        address: node.address,
        tls: { enabled: false, server_name: "" },
        ...(node.available
          ? {
              state: "NODE_CONNECTED",
              version,
              uptime_ns: uptimeNs(),
              num_flows: String(held.get(node.name) ?? 0),
              max_flows: String(ring.capacity),
              seen_flows: String(nodes.seen(node.name)),
            }
          : { state: "NODE_UNAVAILABLE" }),
      })),
    });
  }

  const unimplemented = (method: string) => (call: ServerWritableStream<object, object>) => {
    const details = `${method} not yet implemented`;
    call.emit("error", Object.assign(new Error(details), { code: status.UNIMPLEMENTED, details }));
  };

  const server = new Server();
  server.addService(
    loadHealthService(),
    healthImplementation({
      serving: () => nodes.counts().connected > 0,
      onChange: (listener) => nodes.onChange(listener),
    }),
  );
  let getFlowsCalls = 0;
  server.addService(observerServiceDefinition(), {
    GetFlows: (call: ServerWritableStream<GetFlowsRequestWire, object>) => {
      getFlowsCalls += 1;
      return serveGetFlows(call, getFlowsContext);
    },
    ServerStatus: serverStatus,
    GetNamespaces: getNamespaces,
    GetNodes: getNodes,
    GetAgentEvents: unimplemented("GetAgentEvents"),
    GetDebugEvents: unimplemented("GetDebugEvents"),
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
      nodes.record(flow);
    },
    setNodeAvailable: (name, available) => nodes.setAvailable(name, available),
    stats: () => ({
      numFlows: ring.size,
      maxFlows: ring.capacity,
      seenFlows: ring.seen,
      followers: ring.subscriberCount,
      getFlowsCalls,
    }),
    async stop() {
      for (const abort of [...openCalls]) abort();
      // Followers never end on their own; cut them as a relay going away would.
      server.forceShutdown();
    },
  };
}
