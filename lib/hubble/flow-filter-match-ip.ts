// IP address and CIDR matching for Hubble's source_ip/destination_ip filters, in plain TypeScript so
// that lib/ stays free of node:net.

export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

export interface IpMatcher {
  matches(ip: string): boolean;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith("0"))) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseGroups(text: string): number[] | null {
  if (text === "") return [];
  const groups: number[] = [];
  for (const group of text.split(":")) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  let body = text;
  let tail: number[] = [];
  if (body.includes(".")) {
    // An embedded IPv4 tail ("::ffff:10.0.0.1") stands for the last two groups.
    const lastColon = body.lastIndexOf(":");
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Number(v4 >> 16n), Number(v4 & 0xffffn)];
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? "");
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? "") : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Parses a literal IPv4 or IPv6 address (no zone, no brackets); null when it is not one. */
export function parseIp(text: string): ParsedIp | null {
  if (text.includes(":")) {
    const value = parseIpv6(text);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === null ? null : { version: 4, value };
}

/**
 * A matcher for one filter value: an exact address ("10.0.0.1") or a CIDR range ("10.0.0.0/8"),
 * host bits allowed as Go's net.ParseCIDR allows them. Throws on anything else.
 */
export function compileIpMatcher(filter: string): IpMatcher {
  const slash = filter.indexOf("/");
  if (slash < 0) {
    const address = parseIp(filter);
    if (address === null) throw new Error(`invalid IP address in filter: "${filter}"`);
    return {
      matches(ip) {
        const parsed = parseIp(ip);
        return parsed !== null && parsed.version === address.version && parsed.value === address.value;
      },
    };
  }
  const network = parseIp(filter.slice(0, slash));
  const prefixText = filter.slice(slash + 1);
  const width = network?.version === 6 ? 128 : 32;
  if (network === null || !/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
    throw new Error(`invalid CIDR in filter: "${filter}"`);
  }
  const hostBits = BigInt(width - Number(prefixText));
  const base = network.value >> hostBits;
  return {
    matches(ip) {
      const parsed = parseIp(ip);
      return parsed !== null && parsed.version === network.version && parsed.value >> hostBits === base;
    },
  };
}
