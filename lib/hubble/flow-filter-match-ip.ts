// IP address and CIDR matching for Hubble's source_ip/destination_ip filters. Addresses are read by
// lib/net/ip-address.ts (Go's rules), like every address in Sieve.

import { addressBits, parseIpAddress, parseIpPrefix, type IpAddress } from "@/lib/net/ip-address";

export interface IpMatcher {
  matches(ip: string): boolean;
}

/** A literal address without a zone, as Go's net.ParseIP reads Hubble's filter values and flow IPs. */
function parseIp(text: string): IpAddress | null {
  const address = parseIpAddress(text);
  return address && address.zone === undefined ? address : null;
}

/**
 * A matcher for one filter value: an exact address ("10.0.0.1") or a CIDR range ("10.0.0.0/8"),
 * host bits allowed as Go's net.ParseCIDR allows them. Throws on anything else.
 */
export function compileIpMatcher(filter: string): IpMatcher {
  if (!filter.includes("/")) {
    const address = parseIp(filter);
    if (address === null) throw new Error(`invalid IP address in filter: "${filter}"`);
    return {
      matches(ip) {
        const parsed = parseIp(ip);
        return parsed !== null && parsed.family === address.family && parsed.value === address.value;
      },
    };
  }
  const prefix = parseIpPrefix(filter);
  if (prefix === null) throw new Error(`invalid CIDR in filter: "${filter}"`);
  const hostBits = BigInt(addressBits(prefix.family) - prefix.bits);
  const base = prefix.value >> hostBits;
  return {
    matches(ip) {
      const parsed = parseIp(ip);
      return parsed !== null && parsed.family === prefix.family && parsed.value >> hostBits === base;
    },
  };
}
