import "server-only";
import { status, type ServiceError } from "@grpc/grpc-js";

// grpc-js error messages carry the status code, "Last error: Error: …", OpenSSL's internal error
// strings and a resolution note; the status bar wants one readable line.

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number";
}

function cleanDetails(details: string): string {
  const text = details
    .replace(/\s*Resolution note:.*$/s, "")
    .replace(/^No connection established\.\s*Last error:\s*/, "")
    .replace(/^(Error( \[[A-Z_]+\])?:\s*)+/, "")
    .replace(/\s*\(\d{4}-\d{2}-\d{2}T[^)]*\)\.?\s*$/, "")
    .replace(/[\s.:]+$/, "");
  // "803C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…" → the reason.
  const openssl = /error:[0-9A-F]+:[^:]+:[^:]*:([^:]+):/.exec(text);
  const reason = openssl ? `TLS handshake failed: ${openssl[1]}` : text;
  return reason.split("\n")[0]!.trim().replace(/\.$/, "");
}

// The relay's certificate names a service, not the address dialled: say which setting fixes that.
function hint(details: string): string {
  return /altnames/.test(details)
    ? " (set SIEVE_HUBBLE_TLS_SERVER_NAME to a name in the relay's certificate)"
    : "";
}

const STATUS_NAMES = Object.fromEntries(Object.entries(status).map(([name, code]) => [code, name])) as Record<
  number,
  string
>;

/** One line for the status bar, naming the relay's address. */
export function describeGrpcError(error: unknown, address: string): string {
  if (!isServiceError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return `Hubble Relay at ${address}: ${message.split("\n")[0]}`;
  }
  const details = cleanDetails(error.details ?? error.message.replace(/^\d+ [A-Z_]+:\s*/, ""));
  switch (error.code) {
    case status.UNAVAILABLE:
      return `cannot reach Hubble Relay at ${address}: ${details || "unavailable"}${hint(details)}`;
    case status.CANCELLED:
      // Our own cancellations are never reported, so this one came from the relay (or a proxy).
      return `Hubble Relay at ${address} cancelled the call`;
    case status.DEADLINE_EXCEEDED:
      return `Hubble Relay at ${address} did not answer in time`;
    case status.UNIMPLEMENTED:
      return `${address} does not serve Hubble's observer API (UNIMPLEMENTED${details ? `: ${details}` : ""})`;
    default:
      return `Hubble Relay at ${address} answered ${STATUS_NAMES[error.code] ?? error.code}${details ? `: ${details}` : ""}`;
  }
}
