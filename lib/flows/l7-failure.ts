import type { Flow } from "./flow";

// An L7 reply can be forwarded and still say the request failed: an HTTP 5xx, a DNS answer with
// an error code. Those replies are what an operator looks for on an edge, so they are kept.

export type L7FailureKind = "http-server-error" | "dns-error";

export const L7_FAILURE_KINDS: readonly L7FailureKind[] = ["http-server-error", "dns-error"];

export interface L7Failure {
  kind: L7FailureKind;
  /** "HTTP 503", "DNS NXDOMAIN". */
  text: string;
}

/** DNS RCODEs by number (RFC 1035 §4.1.1, RFC 2136 §2.2). */
const DNS_RCODES: Readonly<Record<number, string>> = {
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
  6: "YXDOMAIN",
  7: "YXRRSET",
  8: "NXRRSET",
  9: "NOTAUTH",
  10: "NOTZONE",
};

export function dnsRcodeName(rcode: number): string {
  return rcode === 0 ? "NOERROR" : (DNS_RCODES[rcode] ?? `RCODE ${rcode}`);
}

/** The failure an L7 response reports, or null (not a response, or a success). */
export function l7Failure(flow: Flow): L7Failure | null {
  const l7 = flow.l7;
  if (!l7 || l7.type !== "RESPONSE") return null;
  if (l7.http && l7.http.code >= 500) return { kind: "http-server-error", text: `HTTP ${l7.http.code}` };
  if (l7.dns && l7.dns.rcode !== 0) return { kind: "dns-error", text: `DNS ${dnsRcodeName(l7.dns.rcode)}` };
  return null;
}
