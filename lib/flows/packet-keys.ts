import { VERDICTS, type Flow, type FlowProtocol, type Verdict } from "./flow";
import type { KeyWords } from "./recent-keys";

// Keys of packets and connections for the per-flow tables of the ingest (repeated reports, reply
// inference). A key spelled out as text ("TCP|10.0.0.1|40000|10.0.0.2|5432|…") had to be built,
// flattened and hashed for every flow, which cost more than decoding the flow; here a key is three
// 32-bit words written into a reused array — addresses numbered as they come, ports and small
// enums as they are — exact, with nothing to collide and nothing allocated.

/** Addresses numbered per table that uses them; past this many, the numbering (and the table) starts over. */
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

/** Numbers addresses 0 … MAX_NUMBERED_ADDRESSES - 1; the owner clears its table when `full`. */
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
  if (flags.length === 0) return 0;
  let bits = flagBits.get(flags);
  if (bits === undefined) {
    bits = 0;
    for (const flag of flags) bits |= 1 << FLAG_ORDER.indexOf(flag);
    flagBits.set(flags, bits);
  }
  return bits;
}

/** An address and a port (or any 16-bit value) in one word. */
function pair(high: number, low: number): number {
  return (high << 16) | (low & 0xffff) | 0;
}

/**
 * Writes into `key` one connection's direction: protocol, addresses and ports, from the flow's
 * source to its destination or (`reversed`) back; false (nothing written) when the flow lacks any
 * of them.
 */
export function conversationKey(
  flow: Flow,
  addresses: AddressNumbers,
  reversed: boolean,
  key: KeyWords,
): boolean {
  const { protocol, sourcePort, destinationPort } = flow;
  const sourceIp = flow.source.ip;
  const destinationIp = flow.destination.ip;
  if (!protocol || sourcePort === null || destinationPort === null || !sourceIp || !destinationIp)
    return false;
  const from = pair(addresses.of(sourceIp), sourcePort);
  const to = pair(addresses.of(destinationIp), destinationPort);
  key[0] = PROTOCOL_CODE[protocol];
  key[1] = reversed ? to : from;
  key[2] = reversed ? from : to;
  return true;
}

/**
 * Writes into `key` one packet as its reports describe it: addresses, ports, protocol, TCP flags,
 * verdict and L7 record type; false (nothing written) when the flow names no addresses.
 */
export function packetKey(flow: Flow, addresses: AddressNumbers, key: KeyWords): boolean {
  const sourceIp = flow.source.ip;
  const destinationIp = flow.destination.ip;
  if (!sourceIp || !destinationIp) return false;
  const protocol = flow.protocol === null ? 0 : PROTOCOL_CODE[flow.protocol];
  const verdictAndL7 = VERDICT_CODE[flow.verdict] * 8 + (flow.l7 ? L7_CODE[flow.l7.type]! : 0);
  // 3 bits of protocol, 6 of verdict and L7 type, 9 of flags.
  key[0] = protocol | (verdictAndL7 << 3) | (bitsOf(flow.tcpFlags) << 9);
  key[1] = pair(addresses.of(sourceIp), flow.sourcePort ?? 0);
  key[2] = pair(addresses.of(destinationIp), flow.destinationPort ?? 0);
  return true;
}
