import http2 from "node:http2";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import {
  GrpcCallError,
  grpcTimeout,
  startServerStream,
  type ServerStreamRequest,
} from "./grpc-server-stream";
import { connectRelaySession } from "./relay-http2-session";
import {
  framedMessage,
  GRPC_RESPONSE_HEADERS,
  respondWith,
  startRawGrpcServer,
  type RawGrpcHandler,
  type RawGrpcServer,
} from "./testing/raw-grpc-server";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(handler: RawGrpcHandler): Promise<RawGrpcServer> {
  const started = await startRawGrpcServer(handler);
  cleanups.push(() => started.stop());
  return started;
}

interface Outcome {
  headers: boolean;
  messages: string[];
  error: GrpcCallError | null;
}

function call(
  address: string,
  request: Partial<ServerStreamRequest> = {},
): { done: Promise<Outcome>; cancel(): void; outcome: Outcome } {
  const { session, authority } = connectRelaySession({ address, tls: null });
  cleanups.push(() => session.destroy());
  const outcome: Outcome = { headers: false, messages: [], error: null };
  let resolve!: (value: Outcome) => void;
  const done = new Promise<Outcome>((r) => (resolve = r));
  const started = startServerStream(
    session,
    { path: "/observer.Observer/GetFlows", message: Buffer.from("request"), authority, ...request },
    {
      onHeaders: () => (outcome.headers = true),
      onMessage: (buf, start, end) => {
        outcome.messages.push(buf.toString("utf8", start, end));
      },
      onClose: (error) => {
        outcome.error = error;
        resolve(outcome);
      },
    },
  );
  return { done, cancel: started.cancel, outcome };
}

const body = (...texts: string[]) => Buffer.concat(texts.map((text) => framedMessage(Buffer.from(text))));

describe("a server-streaming gRPC call on node:http2", () => {
  it("sends a gRPC request and reads the messages and the OK status", async () => {
    const relay = await server((stream) => respondWith(stream, [body("one", "two"), body("three")]));
    const outcome = await call(relay.address, { metadata: { authorization: "Bearer t" }, deadlineMs: 60_000 })
      .done;
    expect(outcome).toEqual({ headers: true, messages: ["one", "two", "three"], error: null });
    const [request] = relay.requests;
    expect(request!.path).toBe("/observer.Observer/GetFlows");
    expect(request!.message.toString()).toBe("request");
    expect(request!.headers).toMatchObject({
      ":method": "POST",
      ":authority": relay.address,
      "content-type": "application/grpc",
      te: "trailers",
      "grpc-timeout": "60000m",
      authorization: "Bearer t",
    });
  });

  it("reports a status from trailers after the messages, its message percent-decoded", async () => {
    const relay = await server((stream) => {
      stream.respond(GRPC_RESPONSE_HEADERS, { waitForTrailers: true });
      stream.once("wantTrailers", () =>
        stream.sendTrailers({
          "grpc-status": String(status.INVALID_ARGUMENT),
          "grpc-message": "bad%20filter%3A%20x",
        }),
      );
      stream.end(body("one"));
    });
    const outcome = await call(relay.address).done;
    expect(outcome.messages).toEqual(["one"]);
    expect(outcome.error).toMatchObject({ code: status.INVALID_ARGUMENT, details: "bad filter: x" });
  });

  it("reports a trailers-only answer", async () => {
    const relay = await server((stream) =>
      stream.respond(
        { ...GRPC_RESPONSE_HEADERS, "grpc-status": String(status.PERMISSION_DENIED), "grpc-message": "no" },
        { endStream: true },
      ),
    );
    const outcome = await call(relay.address).done;
    expect(outcome.error).toMatchObject({ code: status.PERMISSION_DENIED, details: "no" });
    // A refusal, not an accepted call: the stream never counts as connected.
    expect(outcome.headers).toBe(false);
  });

  it("maps a proxy's HTTP error and a body that is not gRPC", async () => {
    const unavailable = await server((stream) => stream.respond({ ":status": 503 }, { endStream: true }));
    expect((await call(unavailable.address).done).error).toMatchObject({
      code: status.UNAVAILABLE,
      details: "the server answered HTTP 503",
    });
    const html = await server((stream) => {
      stream.respond({ ":status": 200, "content-type": "text/html" });
      stream.end("<html>");
    });
    expect((await call(html.address).done).error).toMatchObject({ code: status.UNKNOWN });
  });

  it("rejects a compressed message and resets the stream", async () => {
    const relay = await server((stream) => {
      stream.respond(GRPC_RESPONSE_HEADERS);
      stream.write(body("plain"));
      stream.write(framedMessage(Buffer.from("gzipped"), 1));
    });
    const outcome = await call(relay.address).done;
    expect(outcome.messages).toEqual(["plain"]);
    expect(outcome.error).toMatchObject({
      code: status.INTERNAL,
      details: expect.stringMatching(/compressed/),
    });
  });

  it("refuses a message above the bound", async () => {
    const relay = await server((stream) => respondWith(stream, body("0123456789")));
    const outcome = await call(relay.address, { maxMessageBytes: 4 }).done;
    expect(outcome.error).toMatchObject({ code: status.RESOURCE_EXHAUSTED });
  });

  it("says so when an OK stream ends inside a message", async () => {
    const relay = await server((stream) => respondWith(stream, body("whole", "cut").subarray(0, 13)));
    const outcome = await call(relay.address).done;
    expect(outcome.messages).toEqual(["whole"]);
    expect(outcome.error).toMatchObject({
      code: status.INTERNAL,
      details: "the stream ended inside a message",
    });
  });

  it("reports UNAVAILABLE when the server vanishes mid-stream", async () => {
    const relay: RawGrpcServer = await server((stream) => {
      stream.respond(GRPC_RESPONSE_HEADERS);
      stream.write(body("one"), () => relay.dropConnections());
    });
    const outcome = await call(relay.address).done;
    expect(outcome.error).toMatchObject({ code: status.UNAVAILABLE });
  });

  it("reports a reset of the stream by the server", async () => {
    const relay = await server((stream) => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM));
    expect((await call(relay.address).done).error).toMatchObject({ code: status.UNAVAILABLE });
  });

  it("ends with DEADLINE_EXCEEDED at the deadline and resets the stream", async () => {
    let reset!: () => void;
    const serverSawReset = new Promise<void>((resolve) => (reset = resolve));
    const relay = await server((stream) => {
      stream.respond(GRPC_RESPONSE_HEADERS);
      stream.on("close", reset);
    });
    const outcome = await call(relay.address, { deadlineMs: 50 }).done;
    expect(outcome.error).toMatchObject({ code: status.DEADLINE_EXCEEDED });
    await serverSawReset;
    expect(relay.resetStreams()).toBe(1);
  });

  it("calls no handler after cancel, and the server sees the stream reset", async () => {
    let reset!: () => void;
    const serverSawReset = new Promise<void>((resolve) => (reset = resolve));
    let started!: () => void;
    const responding = new Promise<void>((resolve) => (started = resolve));
    const relay = await server((stream) => {
      stream.respond(GRPC_RESPONSE_HEADERS);
      stream.on("close", reset);
      started();
    });
    const stream = call(relay.address);
    await responding;
    stream.cancel();
    await serverSawReset;
    expect(relay.resetStreams()).toBe(1);
    expect(stream.outcome).toEqual({ headers: false, messages: [], error: null });
  });

  it("leaves no listener on the session after its calls end, however many it carries", async () => {
    const relay = await server((stream) => respondWith(stream, [body("one")]));
    const { session, authority } = connectRelaySession({ address: relay.address, tls: null });
    cleanups.push(() => session.destroy());
    const listening = () => session.listenerCount("close") + session.listenerCount("error");
    const before = listening();
    for (let i = 0; i < 25; i += 1) {
      const closed = new Promise<GrpcCallError | null>((resolve) =>
        startServerStream(
          session,
          { path: "/observer.Observer/GetFlows", message: Buffer.from("request"), authority },
          { onMessage: () => {}, onClose: resolve },
        ),
      );
      expect(await closed).toBeNull();
    }
    expect(listening()).toBe(before);
  });

  it("writes grpc-timeout in a unit that keeps it within eight digits", () => {
    expect(grpcTimeout(1500)).toBe("1500m");
    expect(grpcTimeout(2e8)).toBe("200000S");
    expect(grpcTimeout(1e12)).toBe("277778H");
  });
});
