import "server-only";
import {
  credentials as grpcCredentials,
  loadPackageDefinition,
  makeGenericClientConstructor,
  type Client,
  type ClientReadableStream,
  type ServiceError,
} from "@grpc/grpc-js";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { loadHealthService } from "@/server/hubble/health-proto";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import type { WireGetFlowsResponse } from "@/server/hubble/wire-flow";
import { wireTimestampToText } from "@/server/hubble/wire-json";
import type { GetFlowsRequestWire } from "../get-flows-request";

// A plain grpc-js client of observer.Observer built from the same proto, for the relay's tests.

type Callback<T> = (error: ServiceError | null, response: T) => void;

interface ObserverStub extends Client {
  GetFlows(request: GetFlowsRequestWire): ClientReadableStream<WireGetFlowsResponse>;
  ServerStatus(request: object, callback: Callback<Record<string, unknown>>): void;
  GetNamespaces(
    request: object,
    callback: Callback<{ namespaces?: { cluster?: string; namespace?: string }[] }>,
  ): void;
  GetNodes(request: object, callback: Callback<{ nodes?: Record<string, unknown>[] }>): void;
  GetAgentEvents(request: object): ClientReadableStream<object>;
  GetDebugEvents(request: object): ClientReadableStream<object>;
}

export interface ObserverTestClient {
  getFlows(request: GetFlowsRequestWire): ClientReadableStream<WireGetFlowsResponse>;
  /** GetFlows with the request given as raw protobuf bytes, e.g. with fields the proto lacks. */
  getFlowsRaw(request: Buffer): ClientReadableStream<WireGetFlowsResponse>;
  serverStatus(): Promise<Record<string, unknown>>;
  getNamespaces(): Promise<{ cluster?: string; namespace?: string }[]>;
  getNodes(): Promise<Record<string, unknown>[]>;
  getAgentEvents(): ClientReadableStream<object>;
  getDebugEvents(): ClientReadableStream<object>;
  close(): void;
}

export function observerTestClient(address: string, ca?: string): ObserverTestClient {
  const { packageDefinition, service } = loadObserverProto();
  const loaded = loadPackageDefinition(packageDefinition) as unknown as {
    observer: { Observer: new (address: string, credentials: unknown) => ObserverStub };
  };
  const channel = ca ? grpcCredentials.createSsl(Buffer.from(ca)) : grpcCredentials.createInsecure();
  const stub = new loaded.observer.Observer(address, channel);
  const raw = new (makeGenericClientConstructor(
    { GetFlows: { ...service.GetFlows, requestSerialize: (bytes: Buffer) => bytes } },
    "RawObserver",
  ))(address, channel) as unknown as {
    GetFlows(request: Buffer): ClientReadableStream<WireGetFlowsResponse>;
  };
  const unary =
    <T>(call: (callback: Callback<T>) => void) =>
    () =>
      new Promise<T>((resolve, reject) =>
        call((error, response) => (error ? reject(error) : resolve(response))),
      );
  return {
    getFlows: (request) => stub.GetFlows(request),
    getFlowsRaw: (request) => raw.GetFlows(request),
    serverStatus: unary((callback) => stub.ServerStatus({}, callback)),
    getNamespaces: async () =>
      (
        await unary<{ namespaces?: { cluster?: string; namespace?: string }[] }>((callback) =>
          stub.GetNamespaces({}, callback),
        )()
      ).namespaces ?? [],
    getNodes: async () =>
      (await unary<{ nodes?: Record<string, unknown>[] }>((callback) => stub.GetNodes({}, callback))())
        .nodes ?? [],
    getAgentEvents: () => stub.GetAgentEvents({}),
    getDebugEvents: () => stub.GetDebugEvents({}),
    close: () => {
      stub.close();
      (raw as unknown as Client).close();
    },
  };
}

interface HealthStub extends Client {
  Check(request: { service: string }, callback: Callback<{ status?: string }>): void;
  Watch(request: { service: string }): ClientReadableStream<{ status?: string }>;
}

export interface HealthTestClient {
  check(service: string): Promise<{ status?: string }>;
  watch(service: string): ClientReadableStream<{ status?: string }>;
  close(): void;
}

/** A grpc.health.v1.Health client, as `hubble status` uses it. */
export function healthTestClient(address: string): HealthTestClient {
  const Health = makeGenericClientConstructor(loadHealthService(), "Health");
  const stub = new Health(address, grpcCredentials.createInsecure()) as unknown as HealthStub;
  return {
    check: (service) =>
      new Promise((resolve, reject) =>
        stub.Check({ service }, (error, response) => (error ? reject(error) : resolve(response))),
      ),
    watch: (service) => stub.Watch({ service }),
    close: () => stub.close(),
  };
}

/** Every response until the stream ends; rejects with the call's error status. */
export function collect<T = WireGetFlowsResponse>(stream: ClientReadableStream<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const responses: T[] = [];
    stream.on("data", (response: T) => responses.push(response));
    stream.on("error", reject);
    stream.on("end", () => resolve(responses));
  });
}

/** Resolves once the server has accepted the call (it sends headers before any flow). */
export function accepted(stream: ClientReadableStream<WireGetFlowsResponse>): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("metadata", () => resolve());
    stream.once("error", reject);
  });
}

/** The next `count` responses of a stream that stays open. */
export function nextResponses<T = WireGetFlowsResponse>(
  stream: ClientReadableStream<T>,
  count: number,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const responses: T[] = [];
    const onData = (response: T) => {
      responses.push(response);
      if (responses.length < count) return;
      stream.off("data", onData);
      stream.off("error", reject);
      stream.pause();
      resolve(responses);
    };
    stream.on("data", onData);
    stream.on("error", reject);
    stream.resume();
  });
}

/** The uuids of the flows among the responses, in order. */
export function uuidsOf(responses: readonly WireGetFlowsResponse[]): string[] {
  return responses.flatMap((response) => (response.flow ? [response.flow.uuid ?? ""] : []));
}

export function timeOf(response: WireGetFlowsResponse): string {
  return wireTimestampToText(response.time);
}

/** A flow in `hubble observe -o json` shape, 250 ms and 1 ns past `second` seconds after `baseMs`. */
export function demoFlow(
  baseMs: number,
  second: number,
  overrides: Partial<HubbleFlowJson> & { from?: [string, string]; to?: [string, string] } = {},
): HubbleFlowJson {
  const { from = ["shop", "web-0"], to = ["database", "postgres-0"], ...rest } = overrides;
  return {
    time: `${new Date(baseMs + second * 1000).toISOString().slice(0, 19)}.250000001Z`,
    uuid: `flow-${second}`,
    verdict: "DROPPED",
    drop_reason_desc: "POLICY_DENIED",
    IP: { source: "10.244.1.10", destination: "10.244.2.5", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 41000, destination_port: 5432, flags: { SYN: true } } },
    source: {
      identity: 1001,
      namespace: from[0],
      pod_name: from[1],
      labels: [`k8s:app=${from[1].split("-")[0]}`],
    },
    destination: {
      identity: 1002,
      namespace: to[0],
      pod_name: to[1],
      labels: [`k8s:app=${to[1].split("-")[0]}`],
    },
    Type: "L3_L4",
    node_name: "sieve-demo/worker-1",
    event_type: { type: 1, sub_type: 133 },
    traffic_direction: "EGRESS",
    is_reply: false,
    Summary: "TCP Flags: SYN",
    ...rest,
  };
}
