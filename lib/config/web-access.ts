import { parsePrefix } from "@/lib/policy/cidr";

/**
 * Which names the dashboard answers to (against DNS rebinding) and whose X-Forwarded-* headers it
 * believes. Loopback names are always allowed, on any port.
 */
export interface WebAccess {
  /** SIEVE_PUBLIC_URL's origin, e.g. "https://sieve.example.org"; null when unset or malformed. */
  publicOrigin: string | null;
  /**
   * SIEVE_TRUSTED_PROXIES: addresses or CIDRs of the reverse proxies in front of Sieve. While empty,
   * X-Forwarded-Host/Proto/For are ignored.
   */
  trustedProxies: string[];
}

export interface WebAccessProblem {
  section: "web";
  message: string;
}

type Env = Record<string, string | undefined>;

export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

const MAX_TRUSTED_PROXIES = 64;

/** Null when `raw` is an http(s) origin without credentials, path, query or fragment. */
export function publicUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https (or http)";
  if (url.username || url.password) return "must not contain credentials";
  if (url.pathname !== "/" || url.search || url.hash || raw.includes("?") || raw.includes("#"))
    return "must be an origin only, e.g. https://sieve.example.org (Sieve is served at the root)";
  return null;
}

export function parseWebAccess(env: Env): { access: WebAccess; problems: WebAccessProblem[] } {
  const problems: WebAccessProblem[] = [];
  const problem = (message: string) => problems.push({ section: "web", message });

  let publicOrigin: string | null = null;
  const rawUrl = env.SIEVE_PUBLIC_URL?.trim();
  if (rawUrl) {
    const why = publicUrlProblem(rawUrl);
    if (why) problem(`SIEVE_PUBLIC_URL: "${rawUrl.slice(0, 200)}" ${why}`);
    else publicOrigin = new URL(rawUrl).origin;
  }

  const trustedProxies: string[] = [];
  const items = (env.SIEVE_TRUSTED_PROXIES ?? "").split(/[\s,]+/).filter((item) => item !== "");
  for (const item of items) {
    if (trustedProxies.length >= MAX_TRUSTED_PROXIES) {
      problem(`SIEVE_TRUSTED_PROXIES: more than ${MAX_TRUSTED_PROXIES} entries`);
      break;
    }
    if (parsePrefix(item)) trustedProxies.push(item);
    else problem(`SIEVE_TRUSTED_PROXIES: "${item.slice(0, 60)}" is not an IP address or CIDR`);
  }
  // A list with a mistake in it trusts no proxy: forwarded headers are believed only when meant.
  const proxiesValid = !problems.some((p) => p.message.startsWith("SIEVE_TRUSTED_PROXIES"));
  return { access: { publicOrigin, trustedProxies: proxiesValid ? trustedProxies : [] }, problems };
}
