import type { SieveUser } from "./sieve-user";

const MAX_VALUE = 256;
const MAX_GROUPS = 200;

function claimText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const clean = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
  return clean === "" ? null : clean.slice(0, MAX_VALUE);
}

/** The user an ID token's (and userinfo's) claims name: preferred_username, else email, else sub. */
export function userFromClaims(claims: Record<string, unknown>, groupsClaim: string): SieveUser | null {
  const email = claimText(claims.email);
  const name = claimText(claims.preferred_username) ?? email ?? claimText(claims.sub);
  if (name === null) return null;
  const raw = claims[groupsClaim];
  // Providers send an array; a few send one group as a string.
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const groups = list
    .map(claimText)
    .filter((group): group is string => group !== null)
    .slice(0, MAX_GROUPS);
  return { name, email, groups, via: "oidc" };
}

/**
 * Where to send the browser after sign-in: a path on Sieve itself, never another site ("//x",
 * "/\\x") and never back into the sign-in routes; "/" otherwise.
 */
export function safeReturnPath(value: string | null): string {
  if (value === null || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return "/";
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 2000) return "/";
  const parsed = new URL(value, "http://sieve.invalid");
  if (parsed.origin !== "http://sieve.invalid" || parsed.pathname.startsWith("/auth/")) return "/";
  return `${parsed.pathname}${parsed.search}`;
}
