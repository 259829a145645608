import "server-only";
import * as client from "openid-client";
import type { OidcSettings } from "@/lib/config/auth-settings";
import type { SieveUser } from "@/lib/auth/sieve-user";
import { safeReturnPath, userFromClaims } from "@/lib/auth/oidc-claims";
import { clearCookieHeader, cookieValue, openCookie, sealCookie, setCookieHeader } from "./session-cookie";

// Sign-in with the authorization code flow and PKCE (openid-client): /auth/login sends the browser
// to the provider with a fresh state, nonce and code challenge kept in a short-lived encrypted
// cookie; /auth/callback redeems the code with the verifier, checks the ID token, and sets the
// session cookie; /auth/logout clears it.

const SESSION = "session";
const ATTEMPT = "login";
const ATTEMPT_SECONDS = 600;
const STORED_GROUPS = 50;

function cookieName(settings: OidcSettings, purpose: string): string {
  // __Host- cookies are bound to this origin (no Domain, Path=/, Secure); plain http gets no prefix.
  return secure(settings) ? `__Host-sieve-${purpose}` : `sieve-${purpose}`;
}

function secure(settings: OidcSettings): boolean {
  return settings.publicOrigin.startsWith("https:");
}

const DISCOVERIES = Symbol.for("sieve.oidc-discoveries");

/** The provider's configuration, discovered once per process (again after a failure). */
function configurationOf(settings: OidcSettings): Promise<client.Configuration> {
  const holder = globalThis as { [DISCOVERIES]?: Map<string, Promise<client.Configuration>> };
  const cache = (holder[DISCOVERIES] ??= new Map());
  const key = `${settings.issuer}\0${settings.clientId}`;
  let found = cache.get(key);
  if (!found) {
    const secret = settings.clientSecret?.reveal();
    const insecure = settings.issuer.startsWith("http:"); // loopback only: the config refuses others
    found = client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      secret,
      secret ? client.ClientSecretPost(secret) : client.None(),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

function failure(status: number, message: string, cookies: string[] = []): Response {
  const headers = new Headers({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(`${message}\n`, { status, headers });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}

/** GET /auth/login?returnTo=/path: off to the provider. */
export async function startLogin(request: Request, settings: OidcSettings): Promise<Response> {
  let config: client.Configuration;
  try {
    config = await configurationOf(settings);
  } catch (error) {
    console.error(`sieve: OIDC discovery at ${settings.issuer} failed: ${firstLine(error)}`);
    return failure(502, "Sign-in is unavailable: Sieve could not reach the identity provider.");
  }
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const returnTo = safeReturnPath(new URL(request.url).searchParams.get("returnTo"));
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const attempt = await sealCookie(
    { verifier, state, nonce, returnTo },
    settings.sessionSecret,
    ATTEMPT,
    ATTEMPT_SECONDS,
  );
  const cookie = setCookieHeader(cookieName(settings, ATTEMPT), attempt, {
    secure: secure(settings),
    maxAgeSeconds: ATTEMPT_SECONDS,
  });
  return redirect(url.href, [cookie]);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** GET /auth/callback?code=…&state=…: the session cookie, and back to the page the user wanted. */
export async function finishLogin(
  request: Request,
  settings: OidcSettings,
  pushGroup: string | null,
): Promise<Response> {
  const attemptName = cookieName(settings, ATTEMPT);
  const clearAttempt = clearCookieHeader(attemptName, secure(settings));
  const attempt = await openCookie(
    cookieValue(request.headers.get("cookie"), attemptName),
    settings.sessionSecret,
    ATTEMPT,
  );
  const verifier = text(attempt?.verifier);
  const state = text(attempt?.state);
  const nonce = text(attempt?.nonce);
  if (!verifier || !state || !nonce)
    return failure(400, "This sign-in attempt expired or was started elsewhere: open /auth/login again.", [
      clearAttempt,
    ]);
  // The code and state arrive on the redirect URI the provider knows, whatever Host the request had.
  const callbackUrl = new URL(settings.redirectUri);
  callbackUrl.search = new URL(request.url).search;

  let user: SieveUser;
  try {
    const config = await configurationOf(settings);
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const idClaims: Record<string, unknown> = { ...tokens.claims() };
    let claims = idClaims;
    const subject = text(idClaims.sub);
    // Some providers put groups only in userinfo; what the ID token says wins.
    if (subject && !(settings.groupsClaim in idClaims) && config.serverMetadata().userinfo_endpoint) {
      claims = { ...(await client.fetchUserInfo(config, tokens.access_token, subject)), ...idClaims };
    }
    const found = userFromClaims(claims, settings.groupsClaim);
    if (found === null) return failure(403, "The identity provider named no user.", [clearAttempt]);
    user = found;
  } catch (error) {
    console.error(`sieve: OIDC sign-in failed: ${firstLine(error)}`);
    return failure(403, "Sign-in failed: the identity provider's answer did not check out.", [clearAttempt]);
  }

  // Only what authorization needs fits in a cookie: the push group first when the user is in it.
  const groups = [
    ...user.groups.filter((group) => group === pushGroup),
    ...user.groups.filter((group) => group !== pushGroup),
  ].slice(0, STORED_GROUPS);
  const session = await sealCookie(
    { name: user.name, email: user.email, groups },
    settings.sessionSecret,
    SESSION,
    settings.sessionMaxAgeSeconds,
  );
  const sessionCookie = setCookieHeader(cookieName(settings, SESSION), session, {
    secure: secure(settings),
    maxAgeSeconds: settings.sessionMaxAgeSeconds,
  });
  return redirect(new URL(safeReturnPath(text(attempt?.returnTo)), settings.publicOrigin).href, [
    clearAttempt,
    sessionCookie,
  ]);
}

/** /auth/logout: the session cookie cleared; the provider's own session is left alone. */
export function logout(settings: OidcSettings): Response {
  return failure(200, "Signed out of Sieve. Open /auth/login to sign in again.", [
    clearCookieHeader(cookieName(settings, SESSION), secure(settings)),
  ]);
}

/** The signed-in user of a request, from its session cookie; null without a valid one. */
export async function sessionUser(
  request: Pick<Request, "headers">,
  settings: OidcSettings,
): Promise<SieveUser | null> {
  const payload = await openCookie(
    cookieValue(request.headers.get("cookie"), cookieName(settings, SESSION)),
    settings.sessionSecret,
    SESSION,
  );
  const name = text(payload?.name);
  if (!payload || !name) return null;
  const groups = Array.isArray(payload.groups)
    ? payload.groups.filter((group): group is string => typeof group === "string")
    : [];
  return { name, email: text(payload.email), groups, via: "oidc" };
}
