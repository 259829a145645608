import "server-only";
import type { AuthSettings } from "@/lib/config/auth-settings";
import { authSettings } from "./auth-settings";
import { finishLogin, logout, startLogin } from "./oidc-login";

// The handlers of app/auth/*: they exist only with SIEVE_AUTH=oidc (a 404 otherwise, so a proxy-
// or loopback-served Sieve has no sign-in surface). `settings` is injectable for the tests.

type Handler = (request: Request) => Promise<Response>;

function notHere(): Response {
  return new Response("Not found: Sieve signs users in itself only with SIEVE_AUTH=oidc\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export function loginHandler(settings: () => AuthSettings = authSettings): Handler {
  return async (request) => {
    const { oidc } = settings();
    return oidc ? startLogin(request, oidc) : notHere();
  };
}

export function callbackHandler(settings: () => AuthSettings = authSettings): Handler {
  return async (request) => {
    const { oidc, pushGroup } = settings();
    return oidc ? finishLogin(request, oidc, pushGroup) : notHere();
  };
}

export function logoutHandler(settings: () => AuthSettings = authSettings): Handler {
  return async () => {
    const { oidc } = settings();
    return oidc ? logout(oidc) : notHere();
  };
}
