import type { HeaderReader } from "@/lib/http/header-reader";
import type { SieveUser } from "./sieve-user";

// oauth2-proxy's names: X-Forwarded-* on the request it proxies (--pass-user-headers), and
// X-Auth-Request-* on its auth_request answer, which nginx-style gateways copy onto the request
// (--set-xauthrequest). The first set present wins; the two are never mixed.
const HEADER_SETS = [
  {
    user: "x-forwarded-user",
    email: "x-forwarded-email",
    preferredUsername: "x-forwarded-preferred-username",
    groups: "x-forwarded-groups",
  },
  {
    user: "x-auth-request-user",
    email: "x-auth-request-email",
    preferredUsername: "x-auth-request-preferred-username",
    groups: "x-auth-request-groups",
  },
] as const;

const MAX_VALUE = 256;
const MAX_GROUPS = 200;

/** The value without control or bidi characters, trimmed; null when nothing is left. */
function cleanValue(value: string | null): string | null {
  if (value === null) return null;
  const clean = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, MAX_VALUE);
  return clean === "" ? null : clean;
}

/**
 * The user a sign-in proxy names in its headers; null when it names none. Only call this for a
 * request that came from a trusted proxy: anyone else can write these headers.
 */
export function userFromProxyHeaders(headers: HeaderReader): SieveUser | null {
  for (const set of HEADER_SETS) {
    const user = cleanValue(headers.get(set.user));
    const email = cleanValue(headers.get(set.email));
    const preferred = cleanValue(headers.get(set.preferredUsername));
    const name = preferred ?? user ?? email;
    if (name === null) continue;
    // Several groups arrive comma-separated (one header line, or repeated lines joined by ", ").
    const groups = (headers.get(set.groups) ?? "")
      .split(",")
      .map((group) => cleanValue(group))
      .filter((group): group is string => group !== null)
      .slice(0, MAX_GROUPS);
    return { name, email, groups, via: "proxy" };
  }
  return null;
}
