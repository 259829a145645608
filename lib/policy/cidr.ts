// IPv4/IPv6 prefixes: containment and what kind of address space they name. Parsing is
// lib/net/ip-address.ts, the one reader of addresses.

import { addressBits, parseIpAddress, parseIpPrefix } from "@/lib/net/ip-address";

export interface Prefix {
  family: 4 | 6;
  /** The network address, host bits cleared. */
  network: bigint;
  length: number;
}

// Parsing costs a few microseconds (BigInt arithmetic), and policies and flows repeat the same few
// CIDRs thousands of times. The memo keeps the last MAX_MEMO distinct texts and evicts the oldest
// one at a time, so memory stays bounded whatever the input and a burst of new texts never empties
// it (measured: 100k parses of six texts take ~250 ms without the memo, ~5 ms with it).
const MAX_MEMO = 4096;
const memo = new Map<string, Prefix | null>();

/**
 * Parses "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128) by Go's rules (see
 * lib/net/ip-address.ts), host bits cleared; null when malformed. A zone never names a prefix.
 */
export function parsePrefix(text: string): Prefix | null {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = parseUnmemoized(text);
  if (memo.size >= MAX_MEMO) memo.delete(memo.keys().next().value!);
  memo.set(text, result);
  return result;
}

function parseUnmemoized(text: string): Prefix | null {
  if (text.includes("/")) {
    const prefix = parseIpPrefix(text);
    if (!prefix) return null;
    const bits = addressBits(prefix.family);
    return { family: prefix.family, network: prefix.value & mask(bits, prefix.bits), length: prefix.bits };
  }
  const address = parseIpAddress(text);
  if (!address || address.zone !== undefined) return null;
  return { family: address.family, network: address.value, length: addressBits(address.family) };
}

/** How many parsed texts the memo holds (for its bound's test). */
export function prefixMemoSize(): number {
  return memo.size;
}

const MASKS: Record<4 | 6, bigint[]> = { 4: [], 6: [] };
for (const [family, bits] of [
  [4, 32],
  [6, 128],
] as const) {
  const all = (1n << BigInt(bits)) - 1n;
  for (let length = 0; length <= bits; length++)
    MASKS[family].push(all ^ ((1n << BigInt(bits - length)) - 1n));
}

function mask(bits: number, length: number): bigint {
  return MASKS[bits === 32 ? 4 : 6][length]!;
}

/** True when every address of `inner` is inside `outer`. */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || outer.length > inner.length) return false;
  const bits = outer.family === 4 ? 32 : 128;
  return (inner.network & mask(bits, outer.length)) === outer.network;
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** True when all of `target` is inside `cidr` and none of it is carved out by `except`. */
export function cidrCovers(cidr: string, except: readonly string[], target: string): boolean {
  const outer = parsePrefix(cidr);
  const inner = parsePrefix(target);
  if (!outer || !inner || !prefixContains(outer, inner)) return false;
  return except.every((e) => {
    const hole = parsePrefix(e);
    return !hole || !prefixesOverlap(hole, inner);
  });
}

export type AddressSpace = "any" | "private" | "link-local" | "loopback" | "public" | "invalid";

const SPACES: readonly [string, AddressSpace][] = [
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["100.64.0.0/10", "private"],
  ["fc00::/7", "private"],
  ["169.254.0.0/16", "link-local"],
  ["fe80::/10", "link-local"],
  ["127.0.0.0/8", "loopback"],
  ["::1/128", "loopback"],
];
const PARSED_SPACES = SPACES.map(([cidr, space]) => [parsePrefix(cidr)!, space] as const);

/** What a CIDR names: everything (/0), a private or special range, or public addresses. */
export function addressSpace(cidr: string): AddressSpace {
  const prefix = parsePrefix(cidr);
  if (!prefix) return "invalid";
  if (prefix.length === 0) return "any";
  for (const [range, space] of PARSED_SPACES) if (prefixContains(range, prefix)) return space;
  return "public";
}

export function sameCidr(a: string, b: string): boolean {
  const pa = parsePrefix(a);
  const pb = parsePrefix(b);
  return !!pa && !!pb && pa.family === pb.family && pa.length === pb.length && pa.network === pb.network;
}
