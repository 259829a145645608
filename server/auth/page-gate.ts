import "server-only";
import { ApiError } from "@/lib/api/api-error";
import type { AuthSettings } from "@/lib/config/auth-settings";
import { API_RESPONSE_HEADERS } from "../api-response";
import { authSettings } from "./auth-settings";
import { currentUser } from "./current-user";

// Paths that answer without a signed-in user: the sign-in routes themselves, the liveness probe
// (the kubelet has no session), the metrics (Prometheus scrapes the pod; SIEVE_METRICS decides) and
// Next's static chunks, which carry nothing of the cluster's.
const OPEN_PATHS = [/^\/auth\//, /^\/api\/health$/, /^\/metrics$/, /^\/_next\/static\//, /^\/icon\.svg$/];

export function isOpenPath(pathname: string): boolean {
  return OPEN_PATHS.some((pattern) => pattern.test(pathname));
}

function refusal(status: 401 | 403, message: string, api: boolean): Response {
  const headers = { "Cache-Control": "no-store" };
  return api
    ? Response.json(new ApiError(status === 401 ? "unauthorized" : "forbidden", message).body(), {
        status,
        headers: { ...API_RESPONSE_HEADERS, ...headers },
      })
    : new Response(`${message}\n`, {
        status,
        headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
      });
}

/**
 * The answer for a request nobody signed in for, or null to serve it. oidc: pages redirect to
 * /auth/login (coming back to the same page), API calls get a 401. proxy: a request that did not
 * come through a trusted proxy with a user gets a 401. none: everything is served.
 */
export async function loginGateResponse(
  request: Request,
  settings: AuthSettings = authSettings(),
): Promise<Response | null> {
  if (settings.mode === "none") return null;
  const url = new URL(request.url);
  if (isOpenPath(url.pathname)) return null;
  if ((await currentUser(request, settings)) !== null) return null;
  const api = url.pathname.startsWith("/api/");
  if (settings.mode === "oidc" && !api && (request.method === "GET" || request.method === "HEAD")) {
    const login = new URL("/auth/login", settings.oidc?.publicOrigin ?? url.origin);
    login.searchParams.set("returnTo", `${url.pathname}${url.search}`);
    return new Response(null, {
      status: 303,
      headers: { Location: login.href, "Cache-Control": "no-store" },
    });
  }
  return refusal(
    401,
    settings.mode === "oidc" ? "sign in at /auth/login first" : "sign in through Sieve's sign-in proxy",
    api,
  );
}
