import "server-only";
import { LENGTH_DELIMITED, WireReader } from "@/server/hubble/wire-reader";

// Protobuf decoders skip fields they do not know, so a FlowFilter field that a newer hubble CLI
// sends but Sieve's proto subset lacks would vanish and the filter would match too much. This
// scans the raw GetFlowsRequest for such fields so the relay can refuse the request instead.

/**
 * Field numbers set in the request's FlowFilters (fields `filterFieldNumbers` of the request) that
 * are not in `knownFilterFields`, sorted. Malformed bytes yield none: the real decoder reports those.
 */
export function unknownFlowFilterFields(
  request: Uint8Array,
  filterFieldNumbers: ReadonlySet<number>,
  knownFilterFields: ReadonlySet<number>,
): number[] {
  const r = new WireReader();
  r.reset(Buffer.from(request.buffer, request.byteOffset, request.byteLength));
  const unknown = new Set<number>();
  try {
    while (r.pos < request.byteLength) {
      const tag = r.uint32();
      if ((tag & 7) !== LENGTH_DELIMITED || !filterFieldNumbers.has(tag >>> 3)) {
        r.skip(tag & 7);
        continue;
      }
      const filterEnd = r.delimitedEnd();
      while (r.pos < filterEnd) {
        const filterTag = r.uint32();
        if (!knownFilterFields.has(filterTag >>> 3)) unknown.add(filterTag >>> 3);
        r.skip(filterTag & 7);
      }
      r.expectEnd(filterEnd);
    }
    r.expectEnd(request.byteLength);
  } catch {
    return [];
  }
  return [...unknown].sort((a, b) => a - b);
}
