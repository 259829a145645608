// IPv4/IPv6 prefixes: parsing, containment and what kind of address space they name.

export interface Prefix {
  family: 4 | 6;
  /** The network address, host bits cleared. */
  network: bigint;
  length: number;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

// Policies repeat the same few CIDRs; parsing each once keeps BigInt garbage off the posture's hot path.
const parsed = new Map<string, Prefix | null>();
const MAX_CACHED = 10_000;

/** Parses "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128); null when malformed. */
export function parsePrefix(text: string): Prefix | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const result = parseUncached(text);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, result);
  return result;
}

function parseUncached(text: string): Prefix | null {
  const [address = "", length, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const family = address.includes(":") ? 6 : 4;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === null) return null;
  const bits = family === 4 ? 32 : 128;
  let prefixLength = bits;
  if (length !== undefined) {
    if (!/^\d{1,3}$/.test(length)) return null;
    prefixLength = Number(length);
    if (prefixLength > bits) return null;
  }
  return { family, network: value & mask(bits, prefixLength), length: prefixLength };
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
