import "server-only";
import { tcpFlagsFromBits, type FlowL7, type FlowProtocol, type TcpFlag } from "@/lib/flows/flow";
import { DNS, HTTP, L4, L7, PORTS, TCP, tagOf } from "./flow-fields";
import { LENGTH_DELIMITED, VARINT, type WireReader } from "./wire-reader";

// The transport (flow.Layer4) and application (flow.Layer7) records of a flow, read the way the
// generic decoder and the JSON path read them.

const PROTOCOL_PRIORITY: readonly FlowProtocol[] = ["TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6"];
/** TCP, UDP and SCTP, the first in PROTOCOL_PRIORITY, have ports. */
const PORTED_PROTOCOLS = 3;
/** A protocol's field number → its index in PROTOCOL_PRIORITY. */
const PROTOCOL_INDEX: Record<number, number> = {
  [L4.TCP]: 0,
  [L4.UDP]: 1,
  [L4.SCTP]: 2,
  [L4.ICMPv4]: 3,
  [L4.ICMPv6]: 4,
};
const SOURCE_PORT = tagOf(PORTS.source_port, VARINT);
const DESTINATION_PORT = tagOf(PORTS.destination_port, VARINT);
const TCP_FLAGS_TAG = tagOf(TCP.flags, LENGTH_DELIMITED);
const TCP_INDEX = 0;

/**
 * The Layer4 record of the flow being decoded; reused from flow to flow. Several protocols in
 * the oneof (a sender bug) resolve as the JSON path does: by priority, TCP first.
 */
export class TransportRecord {
  /** A bit per protocol present, by index in PROTOCOL_PRIORITY. */
  private present = 0;
  private readonly ports: number[] = new Array<number>(PROTOCOL_PRIORITY.length * 2).fill(0);
  /** TCPFlags of the TCP record, a bit per flag (field number - 1). */
  private flagBits = 0;

  clear(): void {
    this.present = 0;
    this.flagBits = 0;
  }

  /** Reads a Layer4 message; a repeated Layer4 replaces the earlier one. */
  read(r: WireReader): void {
    const to = r.delimitedEnd();
    this.present = 0;
    this.flagBits = 0;
    while (r.pos < to) {
      const tag = r.uint32();
      const index = PROTOCOL_INDEX[tag >>> 3];
      if ((tag & 7) !== LENGTH_DELIMITED || index === undefined) {
        r.skip(tag & 7);
        continue;
      }
      this.present |= 1 << index;
      const end = r.delimitedEnd();
      let sourcePort = 0;
      let destinationPort = 0;
      while (r.pos < end) {
        const t = r.uint32();
        // ICMP's type and code have the ports' field numbers; they are not kept.
        if (t === SOURCE_PORT) sourcePort = r.uint32();
        else if (t === DESTINATION_PORT) destinationPort = r.uint32();
        else if (t === TCP_FLAGS_TAG && index === TCP_INDEX) this.flagBits = readFlagBits(r);
        else r.skip(t & 7);
      }
      r.expectEnd(end);
      this.ports[index * 2] = sourcePort;
      this.ports[index * 2 + 1] = destinationPort;
    }
    r.expectEnd(to);
  }

  private get index(): number {
    return this.present === 0 ? -1 : 31 - Math.clz32(this.present & -this.present);
  }

  get protocol(): FlowProtocol | null {
    const index = this.index;
    return index === -1 ? null : PROTOCOL_PRIORITY[index]!;
  }

  /** Flags of the TCP record; empty when the flow's protocol is not TCP. */
  get tcpFlags(): readonly TcpFlag[] {
    return tcpFlagsFromBits(this.index === TCP_INDEX ? this.flagBits : 0);
  }

  get sourcePort(): number | null {
    const index = this.index;
    return index >= 0 && index < PORTED_PROTOCOLS ? this.ports[index * 2]! || null : null;
  }

  get destinationPort(): number | null {
    const index = this.index;
    return index >= 0 && index < PORTED_PROTOCOLS ? this.ports[index * 2 + 1]! || null : null;
  }
}

/** A TCPFlags message as a bit per flag: bools 1-9, a repeated field replacing the earlier value. */
function readFlagBits(r: WireReader): number {
  const to = r.delimitedEnd();
  let bits = 0;
  while (r.pos < to) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if ((tag & 7) === VARINT && field >= 1 && field <= 9) {
      if (r.bool()) bits |= 1 << (field - 1);
      else bits &= ~(1 << (field - 1));
    } else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return bits;
}

/** No value on the wire. */
export const ABSENT = -1;
const L7_TYPES: readonly FlowL7["type"][] = ["UNKNOWN", "REQUEST", "RESPONSE", "SAMPLE"];
const L7_TYPE = tagOf(L7.type, VARINT);
const L7_DNS = tagOf(L7.dns, LENGTH_DELIMITED);
const L7_HTTP = tagOf(L7.http, LENGTH_DELIMITED);

/**
 * A Layer7 message, and its type's number as sent (ABSENT when not), for the flow's digest.
 * `typeNames` are the L7FlowType names by number; a type Sieve's proto does not name is UNKNOWN.
 */
export function readLayer7(
  r: WireReader,
  typeNames: readonly (string | undefined)[],
): { l7: FlowL7; typeNumber: number } {
  const to = r.delimitedEnd();
  let typeNumber = ABSENT;
  let dns: FlowL7["dns"] = null;
  let http: FlowL7["http"] = null;
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === L7_TYPE) typeNumber = r.int32();
    else if (tag === L7_DNS) dns = readDns(r);
    else if (tag === L7_HTTP) http = readHttp(r);
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  const known = typeNumber !== ABSENT && typeNames[typeNumber] !== undefined;
  return { l7: { type: L7_TYPES[known ? typeNumber : 0] ?? "UNKNOWN", dns, http }, typeNumber };
}

const DNS_QUERY = tagOf(DNS.query, LENGTH_DELIMITED);
const DNS_IP = tagOf(DNS.ips, LENGTH_DELIMITED);
const DNS_RCODE = tagOf(DNS.rcode, VARINT);
const DNS_QTYPE = tagOf(DNS.qtypes, LENGTH_DELIMITED);

function readDns(r: WireReader): NonNullable<FlowL7["dns"]> {
  const to = r.delimitedEnd();
  let query = "";
  let ips: string[] | null = null;
  let rcode = 0;
  let qtypes: string[] | null = null;
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === DNS_QUERY) query = r.string();
    else if (tag === DNS_IP) (ips ??= []).push(r.string());
    else if (tag === DNS_RCODE) rcode = r.uint32();
    else if (tag === DNS_QTYPE) (qtypes ??= []).push(r.string());
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  // Copies of exact length: an array grown by push keeps room for 16 more.
  return { query, ips: ips ? ips.slice() : [], rcode, qtypes: qtypes ? qtypes.slice() : [] };
}

const HTTP_CODE = tagOf(HTTP.code, VARINT);
const HTTP_METHOD = tagOf(HTTP.method, LENGTH_DELIMITED);
const HTTP_URL = tagOf(HTTP.url, LENGTH_DELIMITED);
const HTTP_PROTOCOL = tagOf(HTTP.protocol, LENGTH_DELIMITED);

function readHttp(r: WireReader): NonNullable<FlowL7["http"]> {
  const to = r.delimitedEnd();
  let method = "";
  let url = "";
  let code = 0;
  let protocol = "";
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === HTTP_CODE) code = r.uint32();
    else if (tag === HTTP_METHOD) method = r.string();
    else if (tag === HTTP_URL) url = r.string();
    else if (tag === HTTP_PROTOCOL) protocol = r.string();
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return { method, url, code, protocol };
}
