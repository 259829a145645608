import "server-only";
import { ApiError } from "@/lib/api/api-error";
import { requestHostDecision } from "@/lib/api/request-host";
import { API_RESPONSE_HEADERS, errorResponse } from "./api-response";
import { webAccess } from "./web-access";

/**
 * The answer to a request for a name Sieve is not published under (DNS rebinding), or null to serve
 * it. The proxy runs it before every page; API routes check the same inside their wrapper.
 */
export function foreignHostResponse(request: Request): Response | null {
  const host = requestHostDecision(request.headers, webAccess());
  if (host.ok) return null;
  if (new URL(request.url).pathname.startsWith("/api/"))
    return errorResponse(new ApiError("forbidden", host.message));
  return new Response(`Forbidden: ${host.message}\n`, {
    status: 403,
    headers: { ...API_RESPONSE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
  });
}
