import { parsePrefix, prefixContains } from "@/lib/policy/cidr";
import type { AuthSettings } from "@/lib/config/auth-settings";

type Env = Record<string, string | undefined>;

/**
 * The address the HTTP server was asked to listen on; null when it listens on every interface.
 * `next start` / `next dev` take -H/--hostname (none: every interface); Next's standalone
 * server.js (the container image) listens on $HOSTNAME, 0.0.0.0 when unset.
 */
export function listenHostOf(argv: readonly string[], env: Env): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-H" || arg === "--hostname") return argv[i + 1] ?? null;
    if (arg.startsWith("--hostname=")) return arg.slice("--hostname=".length);
  }
  const script = argv[1] ?? "";
  const standalone = /(^|[\\/])server\.js$/.test(script);
  if (standalone) return env.HOSTNAME?.trim() || null;
  return null;
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
 * Why the server must not start with these login settings on this address, or null. Without login
 * Sieve pushes branches and shows the cluster to whoever reaches it, so on anything but loopback
 * "none" has to be asked for by name.
 */
export function listenProblem(
  settings: Pick<AuthSettings, "mode" | "explicit">,
  host: string | null,
): string | null {
  if (settings.mode !== "none" || settings.explicit) return null;
  if (host !== null && isLoopbackHost(host)) return null;
  const where = host === null ? "every interface" : `"${host.slice(0, 100)}"`;
  return (
    `Sieve listens on ${where} without login: set SIEVE_AUTH=proxy or SIEVE_AUTH=oidc, ` +
    "bind to 127.0.0.1, or set SIEVE_AUTH=none to serve everyone who can reach it"
  );
}
