import "server-only";
import { status } from "@grpc/grpc-js";

// gRPC's Length-Prefixed-Message (grpc/grpc doc/PROTOCOL-HTTP2.md): a compressed-flag byte, a
// four-byte big-endian length, then the message. A response body arrives as HTTP/2 DATA chunks
// that hold many messages each, or a part of one; messages are handed on as ranges of the chunk
// they lie in, so a batch of them costs no copy and no event per message. Only a message split
// across chunks is copied, once, into a buffer of its own length.

/** gRPC's default bound on a received message. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const PREFIX_BYTES = 5;

/** A response body that breaks gRPC's framing; `code` is the gRPC status the call ends with. */
export class GrpcFramingError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = "GrpcFramingError";
  }
}

/** Called with each message, as bytes [start, end) of `buf`; valid only during the call. */
export type MessageSink = (buf: Buffer, start: number, end: number) => void;

export class LengthPrefixedMessages {
  /** A prefix split across chunks, while it is being completed. */
  private readonly prefix = Buffer.alloc(PREFIX_BYTES);
  private prefixFilled = 0;
  /** A message split across chunks, while it is being completed. */
  private partial: Buffer | null = null;
  private partialFilled = 0;

  constructor(
    private readonly onMessage: MessageSink,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  /** Whether the body so far ends between two messages (a body may end only there). */
  get atBoundary(): boolean {
    return this.prefixFilled === 0 && this.partial === null;
  }

  /** Takes the next chunk of the body; throws a GrpcFramingError on a frame Sieve cannot read. */
  push(chunk: Buffer): void {
    const size = chunk.length;
    let pos = 0;
    while (pos < size) {
      if (this.partial !== null) {
        pos = this.continuePartial(chunk, pos);
        continue;
      }
      if (this.prefixFilled > 0 || size - pos < PREFIX_BYTES) {
        const take = Math.min(PREFIX_BYTES - this.prefixFilled, size - pos);
        chunk.copy(this.prefix, this.prefixFilled, pos, pos + take);
        this.prefixFilled += take;
        pos += take;
        if (this.prefixFilled < PREFIX_BYTES) return;
        this.prefixFilled = 0;
        this.startPartial(this.messageLength(this.prefix, 0));
        continue;
      }
      const length = this.messageLength(chunk, pos);
      const start = pos + PREFIX_BYTES;
      const end = start + length;
      if (end <= size) {
        this.onMessage(chunk, start, end);
        pos = end;
      } else {
        pos = start;
        this.startPartial(length);
      }
    }
  }

  private messageLength(buf: Buffer, at: number): number {
    const flag = buf[at]!;
    if (flag === 1) {
      throw new GrpcFramingError(
        "the relay sent a compressed message; Sieve asks for none and cannot read one",
        status.INTERNAL,
      );
    }
    if (flag !== 0) throw new GrpcFramingError(`invalid message frame (flag byte ${flag})`, status.INTERNAL);
    const length = buf.readUInt32BE(at + 1);
    if (length > this.maxMessageBytes) {
      throw new GrpcFramingError(
        `received a message of ${length} bytes, more than the ${this.maxMessageBytes} allowed`,
        status.RESOURCE_EXHAUSTED,
      );
    }
    return length;
  }

  private startPartial(length: number): void {
    if (length === 0) {
      this.onMessage(this.prefix, 0, 0);
      return;
    }
    this.partial = Buffer.allocUnsafe(length);
    this.partialFilled = 0;
  }

  private continuePartial(chunk: Buffer, pos: number): number {
    const partial = this.partial!;
    const take = Math.min(partial.length - this.partialFilled, chunk.length - pos);
    chunk.copy(partial, this.partialFilled, pos, pos + take);
    this.partialFilled += take;
    if (this.partialFilled === partial.length) {
      this.partial = null;
      this.onMessage(partial, 0, partial.length);
    }
    return pos + take;
  }
}
