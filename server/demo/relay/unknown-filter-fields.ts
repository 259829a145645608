import "server-only";

// Protobuf decoders skip fields they do not know, so a FlowFilter field that a newer hubble CLI
// sends but Sieve's proto subset lacks would vanish and the filter would match too much. This
// scans the raw GetFlowsRequest for such fields so the relay can refuse the request instead.

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

class WireReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.offset++];
      if (byte === undefined) throw new Error("truncated varint");
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new Error("varint too long");
  }

  bytesOf(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new Error("truncated field");
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.bytesOf(8);
        return;
      case WIRE_LENGTH_DELIMITED:
        this.bytesOf(this.varint());
        return;
      case WIRE_FIXED32:
        this.bytesOf(4);
        return;
      default:
        throw new Error(`unsupported wire type ${wireType}`);
    }
  }
}

/** Each field's number, with its payload when length-delimited, in order. */
function* fields(bytes: Uint8Array): Generator<{ number: number; payload: Uint8Array | null }> {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const tag = reader.varint();
    const wireType = tag % 8;
    const number = Math.floor(tag / 8);
    if (wireType === WIRE_LENGTH_DELIMITED) {
      yield { number, payload: reader.bytesOf(reader.varint()) };
    } else {
      reader.skip(wireType);
      yield { number, payload: null };
    }
  }
}

/**
 * Field numbers set in the request's FlowFilters (fields `filterFieldNumbers` of the request) that
 * are not in `knownFilterFields`, sorted. Malformed bytes yield none: the real decoder reports those.
 */
export function unknownFlowFilterFields(
  request: Uint8Array,
  filterFieldNumbers: ReadonlySet<number>,
  knownFilterFields: ReadonlySet<number>,
): number[] {
  const unknown = new Set<number>();
  try {
    for (const field of fields(request)) {
      if (!field.payload || !filterFieldNumbers.has(field.number)) continue;
      for (const filterField of fields(field.payload)) {
        if (!knownFilterFields.has(filterField.number)) unknown.add(filterField.number);
      }
    }
  } catch {
    return [];
  }
  return [...unknown].sort((a, b) => a - b);
}
