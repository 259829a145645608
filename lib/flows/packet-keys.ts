import { VERDICTS, type Flow, type FlowProtocol, type Verdict } from "./flow";

// Keys of packets and connections for the per-flow maps of the ingest (repeated reports, reply
// inference). A key spelled out as text ("TCP|10.0.0.1|40000|10.0.0.2|5432|…") had to be built,
// flattened and hashed for every flow, which cost more than decoding the flow; here each field is
// one UTF-16 code unit — addresses numbered as they come, ports and small enums as they are — so a
// key is a string of five to seven characters, exact, with nothing to collide.

/** Addresses numbered per map that uses them; past this many, the numbering (and the map) starts over. */
export const MAX_NUMBERED_ADDRESSES = 0xffff;

const PROTOCOL_CODE: Readonly<Record<FlowProtocol, number>> = {
  TCP: 1,
  UDP: 2,
  SCTP: 3,
  ICMPv4: 4,
  ICMPv6: 5,
};
const VERDICT_CODE = Object.fromEntries(VERDICTS.map((verdict, index) => [verdict, index])) as Readonly<
  Record<Verdict, number>
>;
const L7_CODE: Readonly<Record<string, number>> = { REQUEST: 1, RESPONSE: 2, SAMPLE: 3, UNKNOWN: 4 };

/** Numbers addresses 0 … MAX_NUMBERED_ADDRESSES - 1; the owner clears its map when `full`. */
export class AddressNumbers {
  private readonly numbers = new Map<string, number>();

  get full(): boolean {
    return this.numbers.size >= MAX_NUMBERED_ADDRESSES;
  }

  clear(): void {
    this.numbers.clear();
  }

  of(address: string): number {
    let number = this.numbers.get(address);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(address, number);
    }
    return number;
  }
}

/** Flag lists are shared per combination (tcpFlagsFromBits): their bits are worth keeping. */
const flagBits = new WeakMap<readonly string[], number>();
const FLAG_ORDER = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"];

function bitsOf(flags: readonly string[]): number {
  let bits = flagBits.get(flags);
  if (bits === undefined) {
    bits = 0;
    for (const flag of flags) bits |= 1 << FLAG_ORDER.indexOf(flag);
    flagBits.set(flags, bits);
  }
  return bits;
}

/**
 * One connection's direction: protocol, addresses and ports, from the flow's source to its
 * destination or (`reversed`) back; null when the flow lacks any of them.
 */
export function conversationKey(flow: Flow, addresses: AddressNumbers, reversed: boolean): string | null {
  const { protocol, sourcePort, destinationPort } = flow;
  const sourceIp = flow.source.ip;
  const destinationIp = flow.destination.ip;
  if (!protocol || sourcePort === null || destinationPort === null || !sourceIp || !destinationIp)
    return null;
  const from = addresses.of(sourceIp);
  const to = addresses.of(destinationIp);
  return reversed
    ? String.fromCharCode(PROTOCOL_CODE[protocol], to, destinationPort, from, sourcePort)
    : String.fromCharCode(PROTOCOL_CODE[protocol], from, sourcePort, to, destinationPort);
}

/**
 * One packet as its reports describe it: addresses, ports, protocol, TCP flags, verdict and L7
 * record type; null when the flow names no addresses.
 */
export function packetKey(flow: Flow, addresses: AddressNumbers): string | null {
  const sourceIp = flow.source.ip;
  const destinationIp = flow.destination.ip;
  if (!sourceIp || !destinationIp) return null;
  return String.fromCharCode(
    flow.protocol === null ? 0 : PROTOCOL_CODE[flow.protocol],
    addresses.of(sourceIp),
    flow.sourcePort ?? 0,
    addresses.of(destinationIp),
    flow.destinationPort ?? 0,
    bitsOf(flow.tcpFlags),
    VERDICT_CODE[flow.verdict] * 8 + (flow.l7 ? L7_CODE[flow.l7.type]! : 0),
  );
}
