import { parsePrefix, prefixContains } from "@/lib/policy/cidr";
import type { AuthSettings } from "@/lib/config/auth-settings";

type Env = Record<string, string | undefined>;

/** Where the HTTP server listens: one address, every interface, or not knowable from the command. */
export type ListenAddress = { host: string } | "every interface" | "unknown";

/**
 * The address the HTTP server was asked to listen on. `next start` takes -H/--hostname (none:
 * every interface); Next's standalone server.js (the container image) listens on $HOSTNAME,
 * 0.0.0.0 when unset. Other launchers (e.g. `next dev`'s worker, which gets its options by IPC)
 * are "unknown": the first request's check of the socket (peer-address.ts) covers them.
 */
export function listenAddressOf(argv: readonly string[], env: Env): ListenAddress {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-H" || arg === "--hostname") return argv[i + 1] ? { host: argv[i + 1]! } : "unknown";
    if (arg.startsWith("--hostname=")) return { host: arg.slice("--hostname=".length) };
  }
  const script = argv[1] ?? "";
  if (/(^|[\\/])server\.js$/.test(script)) {
    const host = env.HOSTNAME?.trim();
    return host ? { host } : "every interface";
  }
  if (/(^|[\\/])next$/.test(script) && argv[2] === "start") return "every interface";
  return "unknown";
}

/** An address as a socket reports it: "::ffff:10.0.0.1" is the IPv4 address 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const unbracketed = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(unbracketed);
  return mapped ? mapped[1]! : unbracketed;
}

const LOOPBACK_V4 = parsePrefix("127.0.0.0/8")!;
const LOOPBACK_V6 = parsePrefix("::1/128")!;

/** True for "localhost", 127.0.0.0/8 and ::1 (also written [::1] or ::ffff:127.x.y.z). */
export function isLoopbackHost(host: string): boolean {
  const text = normalizeAddress(host.trim().toLowerCase());
  if (text === "localhost") return true;
  const prefix = parsePrefix(text);
  if (prefix === null || text.includes("/")) return false;
  return prefixContains(prefix.family === 4 ? LOOPBACK_V4 : LOOPBACK_V6, prefix);
}

/** True when `address` (a socket's peer) is inside one of the trusted addresses or CIDRs. */
export function isTrustedPeer(address: string | null, trusted: readonly string[]): boolean {
  if (address === null) return false;
  const peer = parsePrefix(normalizeAddress(address));
  if (peer === null) return false;
  return trusted.some((entry) => {
    const prefix = parsePrefix(entry);
    return prefix !== null && prefixContains(prefix, peer);
  });
}

/**
 * Why the server must not serve with these login settings on this address, or null. Without login
 * Sieve pushes branches and shows the cluster to whoever reaches it, so on anything but loopback
 * "none" has to be asked for by name.
 */
export function listenProblem(
  settings: Pick<AuthSettings, "mode" | "explicit">,
  address: ListenAddress,
): string | null {
  if (settings.mode !== "none" || settings.explicit || address === "unknown") return null;
  if (address !== "every interface" && isLoopbackHost(address.host)) return null;
  const where = address === "every interface" ? "every interface" : `"${address.host.slice(0, 100)}"`;
  return (
    `Sieve listens on ${where} without login: set SIEVE_AUTH=proxy or SIEVE_AUTH=oidc, ` +
    "bind to 127.0.0.1, or set SIEVE_AUTH=none to serve everyone who can reach it"
  );
}
