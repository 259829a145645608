import "server-only";
import {
  Client,
  credentials,
  Metadata,
  status,
  type ChannelCredentials,
  type ChannelOptions,
} from "@grpc/grpc-js";
import { hubbleAddressProblem, type HubbleSettings } from "@/lib/config/sieve-config";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { FlowDecoder } from "./flow-decoder";
import { createGetFlowsResponseDecoder, type DecodedGetFlowsResponse } from "./get-flows-response-decoder";
import { getFlowsRequestToWire, type GetFlowsRequestJson } from "./get-flows-request";
import { describeGrpcError } from "./grpc-error";
import { GrpcCallError, startServerStream, type ServerStreamCall } from "./grpc-server-stream";
import { loadObserverProto } from "./observer-proto";
import { connectRelaySession, type RelaySession } from "./relay-http2-session";
import { readTlsMaterial } from "./tls-files";
import {
  toLostEvents,
  toNamespaces,
  toNodes,
  toNodeStatus,
  toServerStatus,
  type LostEventsJson,
  type NamespaceJson,
  type NodeJson,
  type NodeStatusJson,
  type ServerStatusJson,
  type WireGetNamespacesResponse,
  type WireGetNodesResponse,
  type WireServerStatus,
} from "./observer-responses";
import type { WireGetFlowsResponse } from "./wire-flow";
import { wireToFlowJson } from "./wire-json";

export type { GetFlowsRequestJson } from "./get-flows-request";
export type {
  LostEventsJson,
  NamespaceJson,
  NodeJson,
  NodeStatusJson,
  ServerStatusJson,
} from "./observer-responses";

/** An error from the relay or the connection to it, with a one-line message naming the address. */
export class HubbleRelayError extends Error {
  constructor(
    message: string,
    /** The gRPC status code, when the failure came from gRPC. */
    readonly code: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HubbleRelayError";
  }
}

export interface GetFlowsHandlers {
  /** Each flow in the shape `hubble observe -o json` prints: for showing raw flows. */
  onFlow?(json: HubbleFlowJson, nodeName: string): void;
  /**
   * Each flow in Sieve's model. Without onFlow, flows are decoded from the wire straight into it,
   * which costs a fraction of the JSON path; with onFlow, it is converted from that JSON. Either
   * way a flow whose time RFC 3339 cannot write (past year 9999) is skipped.
   */
  onSieveFlow?(flow: Flow, nodeName: string): void;
  onNodeStatus?(status: NodeStatusJson, nodeName: string): void;
  onLostEvents?(lost: LostEventsJson, nodeName: string): void;
  /** The relay answered: the stream is established (its headers or first message arrived). */
  onConnected?(): void;
  /** The relay closed the stream normally (without follow, after the last flow). */
  onEnd(): void;
  onError(error: HubbleRelayError): void;
}

export interface FlowStream {
  /** Ends the stream; no handler is called afterwards. */
  cancel(): void;
}

export interface ObserverClient {
  readonly address: string;
  getFlows(request: GetFlowsRequestJson, handlers: GetFlowsHandlers): FlowStream;
  /** Within `deadlineMs` (default the client's unary deadline). */
  serverStatus(deadlineMs?: number): Promise<ServerStatusJson>;
  getNamespaces(): Promise<NamespaceJson[]>;
  /** The nodes the relay connects to (`hubble list nodes`). */
  getNodes(): Promise<NodeJson[]>;
  close(): void;
}

export interface ObserverClientOptions {
  /** Deadline of unary calls; default 10 s. */
  unaryDeadlineMs?: number;
}

const DEFAULT_UNARY_DEADLINE_MS = 10_000;

/** One for the process: flows of every stream, and of the streams after a reconnect, share peers. */
let sharedFlowDecoder: FlowDecoder | null = null;

function flowOfJson(json: HubbleFlowJson): Flow | null {
  try {
    return flowFromHubbleJson(json);
  } catch {
    return null; // a time RFC 3339 cannot write: the flow cannot be placed in any window
  }
}

// grpc-go servers (the relay) answer pings more often than every 5 minutes with GOAWAY, so the
// keepalive that notices a silently dead connection has to stay above that.
const KEEPALIVE: ChannelOptions = {
  "grpc.keepalive_time_ms": 6 * 60_000,
  "grpc.keepalive_timeout_ms": 20_000,
};

/**
 * Checks what can be checked without connecting: the address form, each TLS file readable and
 * holding what its setting says, and Sieve's proto files present. Throws one clear line.
 */
export function validateHubbleConnectionOptions(settings: HubbleSettings): void {
  const problem = hubbleAddressProblem(settings.address);
  if (problem) throw new Error(`SIEVE_HUBBLE_ADDRESS: "${settings.address}" is malformed: ${problem}`);
  if (settings.tls) readTlsMaterial(settings.tls);
  loadObserverProto();
}

function channelSetup(settings: HubbleSettings): { creds: ChannelCredentials; options: ChannelOptions } {
  if (!settings.tls) return { creds: credentials.createInsecure(), options: { ...KEEPALIVE } };
  const tls = readTlsMaterial(settings.tls);
  const options: ChannelOptions = { ...KEEPALIVE };
  if (tls.serverName) {
    // The relay's certificate names the service (e.g. *.hubble-relay.cilium.io), not the address dialled.
    options["grpc.ssl_target_name_override"] = tls.serverName;
    options["grpc.default_authority"] = tls.serverName;
  }
  return { creds: credentials.createSsl(tls.ca, tls.key, tls.cert), options };
}

/** A client of the relay's observer.Observer service; TLS files are read (and checked) here. */
export function createObserverClient(
  settings: HubbleSettings,
  clientOptions: ObserverClientOptions = {},
): ObserverClient {
  const problem = hubbleAddressProblem(settings.address);
  if (problem) throw new Error(`SIEVE_HUBBLE_ADDRESS: "${settings.address}" is malformed: ${problem}`);
  const { service } = loadObserverProto();
  const { creds, options } = channelSetup(settings);
  const address = settings.address;
  const client = new Client(address, creds, options);
  const deadlineMs = clientOptions.unaryDeadlineMs ?? DEFAULT_UNARY_DEADLINE_MS;
  const relayError = (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    return new HubbleRelayError(describeGrpcError(error, address), typeof code === "number" ? code : null, {
      cause: error,
    });
  };

  function unary<Response>(method: typeof service.ServerStatus, deadline = deadlineMs): Promise<Response> {
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        {},
        new Metadata(),
        { deadline: Date.now() + deadline },
        (error, response) => (error || !response ? reject(relayError(error)) : resolve(response as Response)),
      );
    });
  }

  let relaySession: RelaySession | null = null;
  const flowsSession = (): RelaySession => {
    if (!relaySession || relaySession.session.destroyed || relaySession.session.closed) {
      relaySession = connectRelaySession(settings);
    }
    return relaySession;
  };

  // GetFlows reads its messages straight off HTTP/2 (grpc-server-stream.ts): grpc-js's stream of
  // one event per message cost more than decoding the flow.
  function getFlows(request: GetFlowsRequestJson, handlers: GetFlowsHandlers): FlowStream {
    const method = service.GetFlows;
    const onSieveFlow = handlers.onSieveFlow;
    const onFlow = handlers.onFlow;
    const direct = onFlow === undefined;
    const decode = createGetFlowsResponseDecoder(
      method.responseDeserialize,
      (sharedFlowDecoder ??= new FlowDecoder()),
    );
    let open = true;
    let connected = false;
    let call: ServerStreamCall | null = null;
    const finish = (report: () => void) => {
      if (!open) return;
      open = false;
      call?.cancel();
      report();
    };
    const failed = (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      finish(() =>
        handlers.onError(
          new HubbleRelayError(`flow handler failed: ${message.split("\n")[0]}`, null, { cause: error }),
        ),
      );
    };
    const markConnected = () => {
      if (connected) return;
      connected = true;
      try {
        handlers.onConnected?.();
      } catch (error) {
        failed(error);
      }
    };
    const other = (response: WireGetFlowsResponse) => {
      const nodeName = response.node_name ?? "";
      if (response.flow) {
        const json = wireToFlowJson(response.flow);
        onFlow?.(json, nodeName);
        if (!onSieveFlow) return;
        const flow = flowOfJson(json);
        if (flow) onSieveFlow(flow, nodeName);
      } else if (response.node_status) handlers.onNodeStatus?.(toNodeStatus(response.node_status), nodeName);
      else if (response.lost_events) handlers.onLostEvents?.(toLostEvents(response.lost_events), nodeName);
    };
    const undecodable = (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const cause = new GrpcCallError(status.INTERNAL, `cannot decode a GetFlowsResponse: ${message}`);
      finish(() => handlers.onError(relayError(cause)));
    };
    const onMessage = (buf: Buffer, start: number, end: number) => {
      if (!open) return;
      if (!connected) markConnected();
      let decoded: DecodedGetFlowsResponse;
      try {
        decoded = direct
          ? decode(buf, start, end)
          : {
              kind: "other",
              response: method.responseDeserialize(buf.subarray(start, end)) as WireGetFlowsResponse,
            };
      } catch (error) {
        undecodable(error);
        return;
      }
      // A throwing handler ends the stream with its error, not as an uncaught exception.
      try {
        if (decoded.kind === "other") other(decoded.response);
        else if (decoded.flow && onSieveFlow) onSieveFlow(decoded.flow, decoded.nodeName);
      } catch (error) {
        failed(error);
      }
    };
    const { session, authority } = flowsSession();
    call = startServerStream(
      session,
      { path: method.path, message: method.requestSerialize(getFlowsRequestToWire(request)), authority },
      {
        onHeaders: markConnected,
        onMessage,
        onClose: (error) => finish(() => (error ? handlers.onError(relayError(error)) : handlers.onEnd())),
      },
    );
    return { cancel: () => finish(() => undefined) };
  }

  return {
    address,
    getFlows,
    serverStatus: (deadline) => unary<WireServerStatus>(service.ServerStatus, deadline).then(toServerStatus),
    getNamespaces: () => unary<WireGetNamespacesResponse>(service.GetNamespaces).then(toNamespaces),
    getNodes: () => unary<WireGetNodesResponse>(service.GetNodes).then(toNodes),
    close: () => {
      client.close();
      relaySession?.session.close();
      relaySession = null;
    },
  };
}
