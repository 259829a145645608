import { SecretText } from "./sieve-config";
import type { WebAccess } from "./web-access";

/**
 * How people sign in to Sieve (SIEVE_AUTH):
 * - "none": nobody signs in; allowed only on a loopback bind unless set explicitly.
 * - "proxy": a reverse proxy (oauth2-proxy and the like) signed the user in and says who it is in
 *   request headers, believed only from SIEVE_TRUSTED_PROXIES.
 * - "oidc": Sieve signs the user in itself (authorization code + PKCE) and keeps the session in an
 *   encrypted cookie.
 */
export type AuthMode = "none" | "proxy" | "oidc";

export const AUTH_MODES: readonly AuthMode[] = ["none", "proxy", "oidc"];

export interface OidcSettings {
  /** SIEVE_OIDC_ISSUER: the provider's issuer URL (its discovery document is read from it). */
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE only). */
  clientSecret: SecretText | null;
  /** Where the provider sends the browser back: SIEVE_PUBLIC_URL + /auth/callback. */
  redirectUri: string;
  /** Where Sieve's own pages are (SIEVE_PUBLIC_URL's origin). */
  publicOrigin: string;
  scopes: string[];
  /** The ID token / userinfo claim listing the user's groups. */
  groupsClaim: string;
  /** Encrypts the session cookie; at least 32 bytes. */
  sessionSecret: SecretText;
  /** How long a session lasts, seconds. */
  sessionMaxAgeSeconds: number;
}

export interface AuthSettings {
  mode: AuthMode;
  /** True when SIEVE_AUTH was set: "none" on a non-loopback bind needs it said out loud. */
  explicit: boolean;
  /**
   * SIEVE_PUSH_GROUP: the group whose members may push fix branches. Null: only without login
   * (mode "none") may anyone push; "*" lets every signed-in user push.
   */
  pushGroup: string | null;
  /** The proxies whose identity headers are believed (mode "proxy"); SIEVE_TRUSTED_PROXIES. */
  trustedProxies: string[];
  oidc: OidcSettings | null;
}

export interface AuthSettingsResult {
  settings: AuthSettings;
  /** One line each; any problem makes login fail closed (the server refuses to start). */
  problems: string[];
}

type Env = Record<string, string | undefined>;

export const MIN_SESSION_SECRET_BYTES = 32;
const DEFAULT_SESSION_HOURS = 12;
const GROUP = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function httpsUrlProblem(raw: string, allowLoopbackHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (allowLoopbackHttp || loopback)))
    return "must use https (http only for localhost)";
  if (url.username || url.password) return "must not contain credentials";
  if (url.search || url.hash) return "must not have a query or fragment";
  return null;
}

function parseOidc(env: Env, web: WebAccess, problems: string[]): OidcSettings | null {
  const before = problems.length;
  const issuer = nonEmpty(env, "SIEVE_OIDC_ISSUER");
  if (!issuer) problems.push("SIEVE_AUTH=oidc needs SIEVE_OIDC_ISSUER (the provider's issuer URL)");
  else {
    const why = httpsUrlProblem(issuer, false);
    if (why) problems.push(`SIEVE_OIDC_ISSUER: "${issuer.slice(0, 200)}" ${why}`);
  }
  const clientId = nonEmpty(env, "SIEVE_OIDC_CLIENT_ID");
  if (!clientId) problems.push("SIEVE_AUTH=oidc needs SIEVE_OIDC_CLIENT_ID");
  const secretText = nonEmpty(env, "SIEVE_OIDC_CLIENT_SECRET");
  if (web.publicOrigin === null)
    problems.push(
      "SIEVE_AUTH=oidc needs SIEVE_PUBLIC_URL (the URL people open; the provider redirects to its /auth/callback)",
    );

  const sessionSecret = env.SIEVE_SESSION_SECRET ?? "";
  // The value itself is never repeated in a message.
  if (new TextEncoder().encode(sessionSecret).length < MIN_SESSION_SECRET_BYTES)
    problems.push(
      `SIEVE_SESSION_SECRET must be at least ${MIN_SESSION_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`,
    );

  let sessionMaxAgeSeconds = DEFAULT_SESSION_HOURS * 3600;
  const hours = nonEmpty(env, "SIEVE_SESSION_HOURS");
  if (hours !== undefined) {
    if (!/^\d{1,3}$/.test(hours) || Number(hours) < 1 || Number(hours) > 720)
      problems.push(`SIEVE_SESSION_HOURS: "${hours.slice(0, 40)}" must be a whole number of hours, 1 to 720`);
    else sessionMaxAgeSeconds = Number(hours) * 3600;
  }

  const scopes = (nonEmpty(env, "SIEVE_OIDC_SCOPES") ?? "openid profile email groups")
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!scopes.includes("openid")) problems.push('SIEVE_OIDC_SCOPES must include "openid"');

  if (problems.length > before || !issuer || !clientId || web.publicOrigin === null) return null;
  return {
    issuer,
    clientId,
    clientSecret: secretText ? new SecretText(secretText) : null,
    redirectUri: `${web.publicOrigin}/auth/callback`,
    publicOrigin: web.publicOrigin,
    scopes,
    groupsClaim: nonEmpty(env, "SIEVE_OIDC_GROUPS_CLAIM") ?? "groups",
    sessionSecret: new SecretText(sessionSecret),
    sessionMaxAgeSeconds,
  };
}

/** Reads the login settings; `web` is the already parsed SIEVE_PUBLIC_URL and SIEVE_TRUSTED_PROXIES. */
export function parseAuthSettings(env: Env, web: WebAccess): AuthSettingsResult {
  const problems: string[] = [];
  const raw = nonEmpty(env, "SIEVE_AUTH")?.toLowerCase();
  const mode = AUTH_MODES.find((candidate) => candidate === raw);
  if (raw !== undefined && mode === undefined)
    problems.push(`SIEVE_AUTH: "${env.SIEVE_AUTH?.slice(0, 40)}" is not none, proxy or oidc`);

  const pushGroup = nonEmpty(env, "SIEVE_PUSH_GROUP") ?? null;
  if (pushGroup !== null && !GROUP.test(pushGroup))
    problems.push("SIEVE_PUSH_GROUP must be one group name of printable ASCII characters (or *)");

  if (mode === "proxy" && web.trustedProxies.length === 0)
    problems.push(
      "SIEVE_AUTH=proxy needs SIEVE_TRUSTED_PROXIES: the addresses of the proxies whose user headers Sieve believes",
    );
  const oidc = mode === "oidc" ? parseOidc(env, web, problems) : null;

  return {
    settings: {
      mode: mode ?? "none",
      explicit: mode !== undefined,
      pushGroup,
      trustedProxies: mode === "proxy" ? web.trustedProxies : [],
      oidc,
    },
    problems,
  };
}
