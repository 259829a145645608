import "server-only";
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from "node:http2";
import { status } from "@grpc/grpc-js";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  GrpcFramingError,
  LengthPrefixedMessages,
  type MessageSink,
} from "./grpc-message-frames";

// One server-streaming gRPC call on an HTTP/2 session, as grpc/grpc doc/PROTOCOL-HTTP2.md describes
// it: POST to /package.Service/Method with content-type application/grpc and te: trailers, the
// request as one length-prefixed message, then the response's messages in DATA frames and the
// status in trailers (or, when the server answers at once, in "trailers-only" headers). Messages
// reach the caller as ranges of the received chunks (grpc-message-frames.ts), so a stream of small
// messages costs an event per chunk, not per message. Used for GetFlows, the one call whose
// volume matters; everything else goes through @grpc/grpc-js.

const {
  HTTP2_HEADER_METHOD,
  HTTP2_HEADER_PATH,
  HTTP2_HEADER_AUTHORITY,
  HTTP2_HEADER_CONTENT_TYPE,
  HTTP2_HEADER_TE,
  HTTP2_HEADER_STATUS,
  NGHTTP2_CANCEL,
  NGHTTP2_NO_ERROR,
  NGHTTP2_REFUSED_STREAM,
  NGHTTP2_ENHANCE_YOUR_CALM,
  NGHTTP2_INADEQUATE_SECURITY,
} = http2.constants;

const STATUS_NAMES = Object.fromEntries(Object.entries(status).map(([name, code]) => [code, name])) as Record<
  number,
  string
>;

/** A call's failure in the shape of grpc-js's ServiceError (code, details), so one describer serves both. */
export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(`${code} ${STATUS_NAMES[code] ?? "UNKNOWN"}: ${details}`, options);
    this.name = "GrpcCallError";
  }
}

export interface ServerStreamRequest {
  /** "/package.Service/Method". */
  path: string;
  /** The encoded request message. */
  message: Buffer;
  /** The :authority to send; default the session's. */
  authority?: string;
  /** Custom metadata (lower-case ASCII keys, not "grpc-" reserved ones). */
  metadata?: Readonly<Record<string, string>>;
  /** The call fails with DEADLINE_EXCEEDED after this long; also sent as grpc-timeout. */
  deadlineMs?: number;
  maxMessageBytes?: number;
}

export interface ServerStreamHandlers {
  /** The response headers arrived: the server accepted the call. */
  onHeaders?(): void;
  onMessage: MessageSink;
  /** The call is over: `null` when it ended with status OK. Called once; nothing follows it. */
  onClose(error: GrpcCallError | null): void;
}

export interface ServerStreamCall {
  /** Ends the call (RST_STREAM CANCEL); no handler is called afterwards. */
  cancel(): void;
}

/** grpc/grpc doc/http-grpc-status-mapping.md: what a non-200 answer (a proxy's, usually) means. */
export function statusOfHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return status.INTERNAL;
    case 401:
      return status.UNAUTHENTICATED;
    case 403:
      return status.PERMISSION_DENIED;
    case 404:
      return status.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return status.UNAVAILABLE;
    default:
      return status.UNKNOWN;
  }
}

/** grpc-message is percent-encoded; a malformed encoding is shown as sent. */
function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The status a header block carries, or null when it carries none. */
function statusOfHeaders(headers: IncomingHttpHeaders): GrpcCallError | null | undefined {
  const raw = headers["grpc-status"];
  if (raw === undefined) return undefined;
  const code = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isInteger(code) || code < 0) {
    return new GrpcCallError(status.UNKNOWN, `invalid grpc-status "${String(raw)}"`);
  }
  if (code === status.OK) return null;
  return new GrpcCallError(code, decodeGrpcMessage(headers["grpc-message"]));
}

function statusOfReset(rstCode: number): GrpcCallError {
  switch (rstCode) {
    case NGHTTP2_NO_ERROR:
      return new GrpcCallError(status.INTERNAL, "the stream ended without a status");
    case NGHTTP2_REFUSED_STREAM:
      return new GrpcCallError(status.UNAVAILABLE, "the stream was refused");
    case NGHTTP2_CANCEL:
      return new GrpcCallError(status.CANCELLED, "the stream was cancelled");
    case NGHTTP2_ENHANCE_YOUR_CALM:
      return new GrpcCallError(
        status.RESOURCE_EXHAUSTED,
        "the server asked to slow down (ENHANCE_YOUR_CALM)",
      );
    case NGHTTP2_INADEQUATE_SECURITY:
      return new GrpcCallError(status.PERMISSION_DENIED, "the connection's security is inadequate");
    default:
      return new GrpcCallError(status.INTERNAL, `the stream was reset (HTTP/2 error ${rstCode})`);
  }
}

/** grpc-timeout: at most eight digits, in the largest unit that keeps the value exact enough. */
export function grpcTimeout(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1e8) return `${whole}m`;
  const seconds = Math.ceil(whole / 1000);
  if (seconds < 1e8) return `${seconds}S`;
  return `${Math.min(99_999_999, Math.ceil(seconds / 3600))}H`;
}

function frame(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

/**
 * Starts the call on `session`. A failure of the session itself (refused, TLS, gone mid-stream)
 * ends the call with UNAVAILABLE and the session's error as details.
 */
export function startServerStream(
  session: ClientHttp2Session,
  request: ServerStreamRequest,
  handlers: ServerStreamHandlers,
): ServerStreamCall {
  let open = true;
  let stream: ClientHttp2Stream | null = null;
  let timer: NodeJS.Timeout | undefined;
  /** The status the trailers (or trailers-only headers) gave, until the stream closes. */
  let ended: GrpcCallError | null | undefined;
  let sessionError: Error | null = null;

  const finish = () => {
    open = false;
    clearTimeout(timer);
    // The session outlives its calls (a poll every few seconds): each call takes its listeners away.
    session.off("error", onSessionError);
    session.off("close", onSessionClose);
    if (stream && !stream.closed) stream.close(NGHTTP2_CANCEL);
  };
  const close = (error: GrpcCallError | null) => {
    if (!open) return;
    finish();
    handlers.onClose(error);
  };
  const cancel = () => {
    if (open) finish();
  };
  const onSessionError = (error: Error) => {
    sessionError = error;
    close(new GrpcCallError(status.UNAVAILABLE, error.message, { cause: error }));
  };
  session.on("error", onSessionError);
  let sessionClosed = session.destroyed;
  const onSessionClose = () => (sessionClosed = true);
  session.once("close", onSessionClose);
  const connectionClosed = () =>
    new GrpcCallError(status.UNAVAILABLE, "the connection closed during the call");

  const messages = new LengthPrefixedMessages(
    handlers.onMessage,
    request.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  );
  const headers: http2.OutgoingHttpHeaders = {
    ...request.metadata,
    [HTTP2_HEADER_METHOD]: "POST",
    [HTTP2_HEADER_PATH]: request.path,
    [HTTP2_HEADER_CONTENT_TYPE]: "application/grpc",
    [HTTP2_HEADER_TE]: "trailers",
    "grpc-accept-encoding": "identity",
    "user-agent": "sieve-hubble-client",
  };
  if (request.authority) headers[HTTP2_HEADER_AUTHORITY] = request.authority;
  if (request.deadlineMs !== undefined) {
    headers["grpc-timeout"] = grpcTimeout(request.deadlineMs);
    timer = setTimeout(
      () => close(new GrpcCallError(status.DEADLINE_EXCEEDED, "deadline exceeded")),
      request.deadlineMs,
    );
  }

  try {
    stream = session.request(headers, { endStream: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    queueMicrotask(() => close(new GrpcCallError(status.UNAVAILABLE, message, { cause: error })));
    return { cancel };
  }
  const call = stream;
  call.end(frame(request.message));

  call.on("response", (responseHeaders) => {
    if (!open) return;
    const httpStatus = Number(responseHeaders[HTTP2_HEADER_STATUS]);
    const trailersOnly = statusOfHeaders(responseHeaders);
    if (httpStatus !== 200) {
      close(
        trailersOnly ??
          new GrpcCallError(statusOfHttpStatus(httpStatus), `the server answered HTTP ${httpStatus}`),
      );
      return;
    }
    const contentType = String(responseHeaders[HTTP2_HEADER_CONTENT_TYPE] ?? "");
    if (!contentType.startsWith("application/grpc")) {
      close(new GrpcCallError(status.UNKNOWN, `the server answered content-type "${contentType}", not gRPC`));
      return;
    }
    if (trailersOnly !== undefined) ended = trailersOnly;
    // A trailers-only error is a refusal, not an accepted call.
    if (!ended) handlers.onHeaders?.();
  });
  call.on("data", (chunk: Buffer) => {
    if (!open) return;
    try {
      messages.push(chunk);
    } catch (error) {
      if (error instanceof GrpcFramingError) close(new GrpcCallError(error.code, error.message));
      else throw error;
    }
  });
  call.on("trailers", (trailers) => {
    if (!open) return;
    const trailerStatus = statusOfHeaders(trailers);
    ended =
      trailerStatus !== undefined
        ? trailerStatus
        : (ended ?? new GrpcCallError(status.UNKNOWN, "the trailers carry no grpc-status"));
  });
  // A stream's own errors are told by 'close' (with its reset code); when the connection failed
  // (refused, TLS alert after the handshake) the stream carries the connection's error.
  let streamError: Error | null = null;
  call.on("error", (error: Error & { cause?: unknown }) => {
    streamError = error.cause instanceof Error ? error.cause : error;
  });
  call.on("close", () => {
    if (!open) return;
    if (sessionError) return; // already reported
    if (ended !== undefined) {
      if (ended === null && !messages.atBoundary) {
        close(new GrpcCallError(status.INTERNAL, "the stream ended inside a message"));
      } else close(ended);
      return;
    }
    if (session.destroyed) {
      // The session's own error (refused, TLS) follows the stream's close: report that one.
      if (streamError) onSessionError(streamError);
      else if (sessionClosed) close(connectionClosed());
      else session.once("close", () => close(connectionClosed()));
      return;
    }
    close(statusOfReset(call.rstCode ?? NGHTTP2_NO_ERROR));
  });
  return { cancel };
}
