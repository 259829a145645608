import "server-only";
import { ApiError } from "@/lib/api/api-error";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";

// Headers of every JSON answer of Sieve's API, also when a handler throws: the same security
// headers next.config.ts sets on pages, and no caching (the answers are live and may be private).
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  ...Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value])),
};

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: API_RESPONSE_HEADERS });
}

export function errorResponse(error: ApiError): Response {
  return jsonResponse(error.body(), error.status);
}
