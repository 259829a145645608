import { NextResponse, type NextRequest } from "next/server";
import { ApiError, apiErrorCodeOf } from "@/lib/api/api-error";
import { contentSecurityPolicy, SECURITY_HEADERS } from "@/lib/http/security-headers";
import { isApiPath, screenRequest } from "@/lib/http/request-screen";
import { loginGateResponse } from "@/server/auth/page-gate";
import { foreignHostResponse } from "@/server/page-host-guard";

// Runs before Next routes a request: refuses what Next would answer with a bare 500 and any Host
// that is not Sieve's own (DNS rebinding; API routes check it again in their wrapper), and gives
// each page a fresh CSP nonce (Next reads it from the request's Content-Security-Policy header and
// puts it on its scripts).

function nonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

function refusal(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  const refused = screenRequest(request.method, pathname);
  if (!refused) return null;
  const headers = new Headers();
  for (const { key, value } of SECURITY_HEADERS) headers.set(key, value);
  headers.set("Cache-Control", "no-store");
  if (refused.status === 405) headers.set("Allow", refused.allow);
  if (isApiPath(pathname))
    return NextResponse.json(new ApiError(apiErrorCodeOf(refused.status), refused.error).body(), {
      status: refused.status,
      headers,
    });
  headers.set("Content-Type", "text/plain; charset=utf-8");
  return new NextResponse(`${refused.error}\n`, { status: refused.status, headers });
}

export async function proxy(request: NextRequest): Promise<Response> {
  const refused = refusal(request);
  if (refused) return refused;
  // Prometheus scrapes the pod by its IP: /metrics (off unless SIEVE_METRICS=on) skips the Host check.
  const foreign = request.nextUrl.pathname === "/metrics" ? null : foreignHostResponse(request);
  if (foreign) return foreign;
  const gate = await loginGateResponse(request);
  if (gate) return gate;
  if (isApiPath(request.nextUrl.pathname)) return NextResponse.next();
  const policy = contentSecurityPolicy(nonce(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Static chunks carry nothing of the cluster's; everything else (pages, RSC payloads, API) is checked.
  matcher: ["/((?!_next/static).*)"],
};
