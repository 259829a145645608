import "server-only";
import http2, { type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from "node:http2";
import type { AddressInfo } from "node:net";

// A gRPC server written at the HTTP/2 frame level, for what a real server does not do on request:
// a compressed or oversized frame, a message cut by the end of the stream, trailers-only errors,
// a proxy's HTTP 503, a connection dropped mid-message. It also serves pre-framed bytes in large
// writes, which lets the ingest benchmark send faster than any consumer reads.

export interface RawGrpcRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The request's message, unframed. */
  message: Buffer;
}

export type RawGrpcHandler = (stream: ServerHttp2Stream, request: RawGrpcRequest) => void;

export interface RawGrpcServer {
  address: string;
  requests: RawGrpcRequest[];
  /** Streams the client reset or closed before the handler ended them. */
  resetStreams(): number;
  /** Drops every connection at once, like a relay pod being killed. */
  dropConnections(): void;
  stop(): Promise<void>;
}

/** One message as gRPC frames it; `flag` 1 marks it compressed. */
export function framedMessage(message: Buffer, flag = 0): Buffer {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = flag;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

export const GRPC_RESPONSE_HEADERS = { ":status": 200, "content-type": "application/grpc" } as const;

/** Sends the headers, `body` (already framed) and OK trailers. */
export function respondWith(stream: ServerHttp2Stream, body: Buffer | Buffer[], grpcStatus = 0): void {
  stream.respond(GRPC_RESPONSE_HEADERS, { waitForTrailers: true });
  stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(grpcStatus) }));
  for (const part of Array.isArray(body) ? body : [body]) stream.write(part);
  stream.end();
}

export async function startRawGrpcServer(handler: RawGrpcHandler): Promise<RawGrpcServer> {
  const sessions = new Set<ServerHttp2Session>();
  const requests: RawGrpcRequest[] = [];
  let resets = 0;
  const server = http2.createServer();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("error", () => undefined);
    session.once("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const parts: Buffer[] = [];
    stream.on("error", () => undefined);
    stream.on("close", () => {
      if (stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) resets += 1;
    });
    stream.on("data", (chunk: Buffer) => parts.push(chunk));
    stream.once("end", () => {
      const body = Buffer.concat(parts);
      const request = { path: String(headers[":path"]), headers, message: body.subarray(5) };
      requests.push(request);
      handler(stream, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const session of sessions) session.destroy();
  };
  return {
    address: `127.0.0.1:${port}`,
    requests,
    resetStreams: () => resets,
    dropConnections,
    stop: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}
