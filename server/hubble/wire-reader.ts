import "server-only";

// The protobuf wire format, read in place: varints, length-delimited ranges and skipping. Integer
// widths follow protobufjs (what @grpc/proto-loader decodes with), so values read here are the
// ones the generic decoder would produce: uint32 and int32 keep the low 32 bits of a varint.

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const START_GROUP = 3;
export const END_GROUP = 4;
export const FIXED32 = 5;

interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

export class WireReader {
  private buf: SlicingBuffer = Buffer.alloc(0) as SlicingBuffer;
  pos = 0;
  /** End of the whole message. */
  private limit = 0;

  /** The message being read. */
  get buffer(): Buffer {
    return this.buf;
  }

  reset(buf: Buffer, start = 0, end = buf.length): void {
    this.buf = buf as SlicingBuffer;
    this.pos = start;
    this.limit = end;
  }

  /** A varint's low 32 bits, unsigned. */
  uint32(): number {
    const buf = this.buf;
    let byte = buf[this.pos++]!;
    let value = byte & 0x7f;
    if (byte < 0x80) return value;
    byte = buf[this.pos++]!;
    value |= (byte & 0x7f) << 7;
    if (byte < 0x80) return value;
    byte = buf[this.pos++]!;
    value |= (byte & 0x7f) << 14;
    if (byte < 0x80) return value;
    byte = buf[this.pos++]!;
    value |= (byte & 0x7f) << 21;
    if (byte < 0x80) return value;
    byte = buf[this.pos++]!;
    value |= (byte & 0x0f) << 28;
    if (byte < 0x80) return value >>> 0;
    // The upper bits of a 64-bit varint: skipped, as a 32-bit field ignores them.
    for (let i = 0; i < 5; i++) if (buf[this.pos++]! < 0x80) return value >>> 0;
    throw new RangeError("invalid varint encoding");
  }

  int32(): number {
    return this.uint32() | 0;
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** A two's complement 64-bit varint as a number: exact within ±2^53, rounded beyond. */
  int64(): number {
    const buf = this.buf;
    let low = 0;
    let high = 0;
    let byte = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      byte = buf[this.pos++]!;
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) return low >>> 0;
    }
    byte = buf[this.pos++]!;
    low |= (byte & 0x0f) << 28;
    high = (byte & 0x7f) >> 4;
    if (byte >= 0x80) {
      for (shift = 3; ; shift += 7) {
        if (shift > 31) throw new RangeError("invalid varint encoding");
        byte = buf[this.pos++]!;
        high |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
    }
    return (high | 0) * 4_294_967_296 + (low >>> 0);
  }

  /** The end of the length-delimited field that starts here; moves past its length. */
  delimitedEnd(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.limit) throw new RangeError("index out of range");
    return end;
  }

  string(): string {
    return this.stringTo(this.delimitedEnd());
  }

  /** The UTF-8 text from here to `end` (a length-delimited field's end, already checked); moves to `end`. */
  stringTo(end: number): string {
    const text = this.buf.utf8Slice(this.pos, end);
    this.pos = end;
    return text;
  }

  /** Skips the value of a field of this wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.uint32();
        return;
      case FIXED64:
        this.pos += 8;
        return;
      case LENGTH_DELIMITED:
        this.pos = this.delimitedEnd();
        return;
      case START_GROUP:
        for (;;) {
          const tag = this.uint32();
          if ((tag & 7) === END_GROUP) return;
          this.skip(tag & 7);
        }
      case FIXED32:
        this.pos += 4;
        return;
      default:
        throw new Error(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }

  /** Throws unless the message just read ended exactly at `end`. */
  expectEnd(end: number): void {
    if (this.pos !== end) throw new RangeError("index out of range");
  }
}
