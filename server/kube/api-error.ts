import "server-only";
import { STATUS_CODES } from "node:http";

/** A failure the API server reported, as an HTTP status or a watch ERROR event carrying a Status. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    /** The Status reason, e.g. "Forbidden", "Expired", "NotFound"; "" when the body was not a Status. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "KubeApiError";
  }

  /** From a Kubernetes `Status` object (a watch ERROR event, or an error response body). */
  static fromStatus(status: unknown, fallbackCode = 500): KubeApiError {
    const fields = (typeof status === "object" && status !== null ? status : {}) as Record<string, unknown>;
    const code = typeof fields.code === "number" && fields.code > 0 ? fields.code : fallbackCode;
    const reason = typeof fields.reason === "string" ? fields.reason : "";
    const detail = typeof fields.message === "string" && fields.message ? fields.message : reason;
    return new KubeApiError(code, reason, oneLine(code, detail));
  }

  /** From an HTTP response whose body may be a Status, plain text or empty. */
  static fromResponse(code: number, body: string): KubeApiError {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === "object" && parsed !== null && (parsed as { kind?: unknown }).kind === "Status") {
        return KubeApiError.fromStatus(parsed, code);
      }
    } catch {
      // Not JSON: proxies and some API server paths answer with plain text.
    }
    return new KubeApiError(code, "", oneLine(code, body));
  }
}

function oneLine(code: number, detail: string): string {
  const head = `${code} ${STATUS_CODES[code] ?? "Error"}`;
  const text = detail.split("\n")[0]!.trim().slice(0, 300);
  return text ? `${head}: ${text}` : head;
}

export function isGone(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 410;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 404;
}

/** One line for people: API errors as the server said them, network errors prefixed by the server URL. */
export function describeFailure(error: unknown, server: string): string {
  if (error instanceof KubeApiError) return error.message;
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
  return `${server}: ${message || "unknown error"}`;
}

/** Node's codes for a server certificate that does not verify (new CA, wrong name, expired). */
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);

/** True when the connection failed on TLS: the server's identity no longer matches what Sieve trusts. */
export function isTlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" &&
    (TLS_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"))
  );
}
