import type { HeaderReader } from "@/lib/http/header-reader";
import { LOOPBACK_HOSTNAMES, type WebAccess } from "@/lib/config/web-access";

// DNS rebinding: a page on http://rebind.test:3133 whose name resolves to Sieve's address is
// same-origin with itself, so the browser lets it read Sieve's answers and POST to it. What gives it
// away is the Host header, which carries the name the browser used: Sieve answers only to the names
// it is published under (SIEVE_PUBLIC_URL) and to loopback names.
//
// X-Forwarded-Host/Proto are believed only when SIEVE_TRUSTED_PROXIES is set. Next.js does not hand
// route handlers the connection's peer address (and fills X-Forwarded-For with it only when the
// request carries none, so a client can forge it); setting SIEVE_TRUSTED_PROXIES therefore states
// that only those proxies can reach Sieve, which the deployment's network policy must enforce.

export type HostDecision =
  | {
      ok: true;
      /** The host the request addressed, normalised (lower case, default port dropped). */
      host: string;
      /** The origins a same-origin page of this host has. */
      origins: string[];
    }
  | { ok: false; message: string };

const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
const MAX_SHOWN = 80;

/** The first entry of a comma-separated forwarded header (the one the outermost proxy wrote). */
function firstForwarded(value: string | null): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

function shown(text: string): string {
  return JSON.stringify(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").slice(0, MAX_SHOWN));
}

/** Whether Sieve answers a request with these headers, and the origins that count as its own. */
export function requestHostDecision(headers: HeaderReader, access: WebAccess): HostDecision {
  const trustForwarded = access.trustedProxies.length > 0;
  const raw =
    (trustForwarded ? firstForwarded(headers.get("x-forwarded-host")) : null) ?? headers.get("host");
  if (raw === null || raw === "") return { ok: false, message: "the request names no host" };
  const text = raw.trim().toLowerCase();
  const forwardedProto = trustForwarded ? firstForwarded(headers.get("x-forwarded-proto")) : null;
  const proto = forwardedProto === "http" || forwardedProto === "https" ? forwardedProto : null;
  const refused = {
    ok: false as const,
    message: `host ${shown(raw)} is not one Sieve answers to: open Sieve on a loopback name or set SIEVE_PUBLIC_URL to the URL people open`,
  };
  if (!HOST.test(text)) return refused;

  const schemes = proto ? [proto] : ["http", "https"];
  const hostname = text.startsWith("[") ? text.slice(0, text.indexOf("]") + 1) : text.split(":")[0]!;
  if (LOOPBACK_HOSTNAMES.includes(hostname)) {
    const host = new URL(`http://${text}`).host;
    return { ok: true, host, origins: schemes.map((scheme) => `${scheme}://${host}`) };
  }
  if (access.publicOrigin !== null) {
    const published = new URL(access.publicOrigin);
    // The published URL's scheme decides the default port ("example.org" is example.org:443 for https).
    const host = new URL(`${published.protocol}//${text}`).host;
    if (host === published.host) return { ok: true, host, origins: [published.origin] };
  }
  return refused;
}

/** The header Sieve's page sets on a request that changes something (value "1"). */
export const PAGE_REQUEST_HEADER = "x-sieve-request";

/**
 * Null when a state-changing request comes from Sieve's own page: the header only Sieve's page
 * sets (a cross-origin page cannot send it without a CORS preflight Sieve never grants), a
 * same-origin Fetch Metadata when the browser sends one, and an Origin of the addressed host.
 */
export function pushRequestProblem(headers: HeaderReader, origins: readonly string[]): string | null {
  if (headers.get(PAGE_REQUEST_HEADER) !== "1")
    return `the request lacks the ${PAGE_REQUEST_HEADER} header Sieve's page sends`;
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return "cross-site requests are refused";
  const origin = headers.get("origin");
  if (!origin) return "the request has no Origin header";
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return "the Origin header is malformed";
  }
  return origins.includes(parsed) ? null : "the request comes from another origin";
}
