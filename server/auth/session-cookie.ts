import "server-only";
import { createHash } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { SecretText } from "@/lib/config/sieve-config";

// Sessions and sign-in attempts live in the browser, encrypted and authenticated with a key derived
// from SIEVE_SESSION_SECRET (JWE, dir + A256GCM): the server keeps no session store, a restarted or
// second replica reads the same cookies, and a user cannot read or alter what the cookie says.

/** Keys by purpose: a sign-in attempt's cookie can never be replayed as a session. */
function keyOf(secret: SecretText, purpose: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(`sieve ${purpose}\0`).update(secret.reveal()).digest());
}

export async function sealCookie(
  payload: Record<string, unknown>,
  secret: SecretText,
  purpose: string,
  maxAgeSeconds: number,
): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .encrypt(keyOf(secret, purpose));
}

/** The payload, or null when the cookie is missing, altered, sealed for another purpose or expired. */
export async function openCookie(
  value: string | undefined,
  secret: SecretText,
  purpose: string,
): Promise<Record<string, unknown> | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtDecrypt(value, keyOf(secret, purpose), {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    return payload;
  } catch {
    return null;
  }
}

/** The value of cookie `name` in a Cookie header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET). */
export function setCookieHeader(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearCookieHeader(name: string, secure: boolean): string {
  return setCookieHeader(name, "", { secure, maxAgeSeconds: 0 });
}
