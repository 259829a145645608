// The one reader of IP addresses and prefixes, by Go's rules (net/netip ParseAddr and ParsePrefix),
// which Cilium, Hubble and Kubernetes apply to the same strings:
// - IPv4 is four decimal fields 0-255 without leading zeros ("010.0.0.1" is refused, as Go refuses
//   it since 1.17, because other parsers read it as octal);
// - IPv6 has hex groups of at most four digits, at most one "::" standing for at least one group,
//   and may end in an IPv4 address ("::ffff:10.0.0.1" is an IPv6 address, IPv4-mapped, not IPv4);
// - an IPv6 address may carry a zone ("fe80::1%eth0"), never empty, never on IPv4;
// - a prefix is "address/bits": no zone, bits in decimal without sign or leading zeros, at most 32
//   or 128. Host bits are kept, as Go keeps them; callers mask them when they need the network.

export interface IpAddress {
  family: 4 | 6;
  /** The address as an unsigned 32- or 128-bit number. */
  value: bigint;
  zone?: string;
}

export interface IpPrefix {
  family: 4 | 6;
  /** The address as written, host bits included. */
  value: bigint;
  bits: number;
}

// Hand-written scanners: policies and flows repeat addresses by the thousand, and these run
// without a cache (a regex and a BigInt per field cost ten times more).

/** The IPv4 address in text[start, end) as a number; -1 when malformed. */
function scanIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let fields = 0;
  let i = start;
  while (fields < 4) {
    const fieldStart = i;
    let octet = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
    }
    const digits = i - fieldStart;
    if (digits === 0 || digits > 3 || octet > 255) return -1;
    if (digits > 1 && text.charCodeAt(fieldStart) === 48) return -1; // leading zero
    value = value * 256 + octet;
    fields++;
    if (fields < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The IPv6 address in text[0, end) as eight 16-bit groups; null when malformed. */
function scanIpv6(text: string, end: number): number[] | null {
  const groups: number[] = [];
  let ellipsis = -1;
  let i = 0;
  if (text.startsWith("::")) {
    ellipsis = 0;
    i = 2;
  }
  while (i < end) {
    const fieldStart = i;
    let group = 0;
    while (i < end) {
      const digit = hexDigit(text.charCodeAt(i));
      if (digit < 0) break;
      group = group * 16 + digit;
      i++;
    }
    const digits = i - fieldStart;
    if (i < end && text.charCodeAt(i) === 46) {
      // An embedded IPv4 address ends the text and stands for the last two groups.
      if (digits === 0 || groups.length > 6) return null;
      const v4 = scanIpv4(text, fieldStart, end);
      if (v4 < 0) return null;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (digits === 0 || digits > 4 || groups.length === 8) return null;
    groups.push(group);
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return null;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (ellipsis >= 0) return null;
      ellipsis = groups.length;
      i++;
    } else if (i === end) {
      return null; // a trailing single ":"
    }
  }
  if (groups.length > 8) return null;
  if (ellipsis < 0) return groups.length === 8 ? groups : null;
  // "::" must stand for at least one group.
  if (groups.length > 7) return null;
  return [
    ...groups.slice(0, ellipsis),
    ...Array<number>(8 - groups.length).fill(0),
    ...groups.slice(ellipsis),
  ];
}

function groupsValue(groups: readonly number[]): bigint {
  let hex = "0x";
  for (const group of groups) hex += group.toString(16).padStart(4, "0");
  return BigInt(hex);
}

/** Go's netip.ParseAddr; null when the text is not an address. */
export function parseIpAddress(text: string): IpAddress | null {
  // Like Go, the first separator decides the family: "1.2.3.4%eth0" is a malformed IPv4 address.
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 58 || c === 37) break;
    i++;
  }
  const separator = text.charCodeAt(i);
  if (separator === 46) {
    const value = scanIpv4(text, 0, text.length);
    return value < 0 ? null : { family: 4, value: BigInt(value) };
  }
  if (separator !== 58) return null;
  const percent = text.indexOf("%");
  const zone = percent < 0 ? undefined : text.slice(percent + 1);
  if (zone === "") return null;
  const groups = scanIpv6(text, percent < 0 ? text.length : percent);
  if (groups === null) return null;
  const value = groupsValue(groups);
  return zone === undefined ? { family: 6, value } : { family: 6, value, zone };
}

const BITS = /^(?:0|[1-9]\d{0,2})$/;

/** Go's netip.ParsePrefix; null when the text is not a prefix. */
export function parseIpPrefix(text: string): IpPrefix | null {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return null;
  const address = parseIpAddress(text.slice(0, slash));
  if (address === null || address.zone !== undefined) return null;
  const bitsText = text.slice(slash + 1);
  if (!BITS.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (address.family === 4 ? 32 : 128)) return null;
  return { family: address.family, value: address.value, bits };
}

export function addressBits(family: 4 | 6): 32 | 128 {
  return family === 4 ? 32 : 128;
}
