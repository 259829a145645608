import type { ServerHttp2Stream } from "node:http2";
import { encodeFlowResponse } from "@/server/demo/relay/get-flows-call";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import {
  framedMessage,
  GRPC_RESPONSE_HEADERS,
  startRawGrpcServer,
  type RawGrpcServer,
} from "@/server/hubble/testing/raw-grpc-server";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";

// The ingest benchmark's relay: GetFlows over real gRPC framing, the history held as the bytes a
// relay would put on the wire (each GetFlowsResponse encoded by the demo relay's encoder and
// length-prefixed once, at setup) and written in large writes, so that sending costs far less
// than reading and the consumer, not the relay, is what a run measures. Every consumer reads the
// same bytes from it.

const WRITE_BYTES = 1024 * 1024;

export interface FrameRelay {
  address: string;
  /** Bytes held: what a consumer reads for the whole history. */
  bytes: number;
  stop(): Promise<void>;
}

export async function startFrameRelay(flows: Iterable<HubbleFlowJson>): Promise<FrameRelay> {
  const parts: Buffer[] = [];
  const offsets: number[] = [0];
  for (const flow of flows) {
    const framed = framedMessage(encodeFlowResponse(flow));
    parts.push(framed);
    offsets.push(offsets.at(-1)! + framed.length);
  }
  const history = Buffer.concat(parts);
  parts.length = 0;
  const method = loadObserverProto().service.GetFlows;
  const server: RawGrpcServer = await startRawGrpcServer((stream, request) => {
    const { number } = method.requestDeserialize(request.message) as { number?: string };
    const count = offsets.length - 1;
    // GetFlows' number without first: the newest `number` flows.
    const wanted = number ? Math.min(Number(number), count) : count;
    stream.respond(GRPC_RESPONSE_HEADERS, { waitForTrailers: true });
    stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    send(stream, history, offsets[count - wanted]!);
  });
  return { address: server.address, bytes: history.length, stop: () => server.stop() };
}

function send(stream: ServerHttp2Stream, history: Buffer, from: number): void {
  let at = from;
  const pump = () => {
    while (at < history.length) {
      const end = Math.min(at + WRITE_BYTES, history.length);
      const more = stream.write(history.subarray(at, end));
      at = end;
      if (!more) {
        stream.once("drain", pump);
        return;
      }
    }
    stream.end();
  };
  stream.on("error", () => undefined);
  pump();
}
