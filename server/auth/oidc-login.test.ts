import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuthSettings, type AuthSettings } from "@/lib/config/auth-settings";
import { parseWebAccess } from "@/lib/config/web-access";
import { callbackHandler, loginHandler, logoutHandler } from "./auth-routes";
import { authorizePush, currentUser } from "./current-user";
import { loginGateResponse } from "./page-gate";
import { startTestOidcProvider, type TestOidcProvider } from "./testing/oidc-test-provider";

// Sign-in end to end against a real OpenID Provider: Sieve's /auth/login sends the "browser" to
// the provider, the browser signs in on the provider's form, the provider redirects to Sieve's
// /auth/callback, and the session cookie set there makes API calls as that user.

const SIEVE = "http://localhost:3999";

/** The browser's cookies, per site, as Set-Cookie headers leave them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

let provider: TestOidcProvider;
let settings: AuthSettings;

beforeAll(async () => {
  provider = await startTestOidcProvider({
    redirectUri: `${SIEVE}/auth/callback`,
    accounts: {
      alice: { email: "alice@example.org", groups: ["developers", "platform-admins"] },
      bob: { email: "bob@example.org", groups: ["developers"] },
    },
  });
  const env = {
    SIEVE_AUTH: "oidc",
    SIEVE_PUBLIC_URL: SIEVE,
    SIEVE_OIDC_ISSUER: provider.issuer,
    SIEVE_OIDC_CLIENT_ID: provider.clientId,
    SIEVE_OIDC_CLIENT_SECRET: provider.clientSecret,
    SIEVE_SESSION_SECRET: randomBytes(32).toString("base64"),
    SIEVE_PUSH_GROUP: "platform-admins",
  };
  const parsed = parseAuthSettings(env, parseWebAccess(env).access);
  expect(parsed.problems).toEqual([]);
  settings = parsed.settings;
});

afterAll(async () => {
  await provider.close();
});

/** Follows the provider's redirects as a browser would, until one leads back to Sieve. */
async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let step = 0; step < 10; step++) {
    if (url.startsWith(SIEVE)) return url;
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status === 200 && new URL(url).pathname.startsWith("/interaction/")) {
      const html = await response.text();
      expect(html).toContain('name="login"');
      const submitted = await fetch(url, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login, password: "any" }),
      });
      jar.take(submitted);
      url = new URL(submitted.headers.get("location")!, url).href;
      continue;
    }
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    url = new URL(response.headers.get("location")!, url).href;
  }
  throw new Error("the provider never redirected back to Sieve");
}

/** The whole sign-in: Sieve's login, the provider, Sieve's callback; the browser's Sieve cookies. */
async function signIn(login: string, returnTo = "/drops?window=5m") {
  const jar = new CookieJar();
  const started = await loginHandler(() => settings)(
    new Request(`${SIEVE}/auth/login?returnTo=${encodeURIComponent(returnTo)}`),
  );
  expect(started.status).toBe(303);
  jar.take(started);
  const authorization = new URL(started.headers.get("location")!);
  const callbackUrl = await signInAtProvider(authorization.href, login);
  const finished = await callbackHandler(() => settings)(
    new Request(callbackUrl, { headers: { cookie: jar.header() } }),
  );
  jar.take(finished);
  return { jar, authorization, callbackUrl, finished };
}

describe("OIDC sign-in against a real provider", () => {
  it("signs alice in with code + PKCE and makes an API call as her, allowed to push", async () => {
    const { jar, authorization, callbackUrl, finished } = await signIn("alice");
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get("response_type")).toBe("code");
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get("redirect_uri")).toBe(`${SIEVE}/auth/callback`);
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(new URL(callbackUrl).searchParams.get("code")).toBeTruthy();

    expect(finished.status).toBe(303);
    expect(finished.headers.get("location")).toBe(`${SIEVE}/drops?window=5m`);
    const setCookies = finished.headers.getSetCookie();
    const session = setCookies.find((line) => line.startsWith("sieve-session="))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    // The cookie is encrypted: nothing of the user is readable in it.
    expect(session).not.toMatch(/alice|platform-admins/);
    expect(jar.has("sieve-login")).toBe(false);

    const apiCall = new Request(`${SIEVE}/api/fix/pull-request`, {
      method: "POST",
      headers: { cookie: jar.header() },
    });
    expect(await loginGateResponse(apiCall, settings)).toBeNull();
    const user = await currentUser(apiCall, settings);
    expect(user).toEqual({
      name: "alice",
      email: "alice@example.org",
      groups: ["platform-admins", "developers"],
      via: "oidc",
    });
    expect(authorizePush(user, settings)).toEqual({ ok: true });
  });

  it("signs bob in, who may read but not push", async () => {
    const { jar } = await signIn("bob", "/");
    const request = new Request(`${SIEVE}/api/posture`, { headers: { cookie: jar.header() } });
    const user = await currentUser(request, settings);
    expect(user?.name).toBe("bob");
    expect(authorizePush(user, settings)).toEqual({
      ok: false,
      status: 403,
      error: 'only members of the group "platform-admins" may push fix branches',
    });
  });

  it("sends a page without a session to sign-in and answers an API call 401", async () => {
    const page = await loginGateResponse(new Request(`${SIEVE}/namespaces/shop?tab=drops`), settings);
    expect(page?.status).toBe(303);
    expect(page?.headers.get("location")).toBe(
      `${SIEVE}/auth/login?returnTo=${encodeURIComponent("/namespaces/shop?tab=drops")}`,
    );
    const api = await loginGateResponse(new Request(`${SIEVE}/api/posture`), settings);
    expect(api?.status).toBe(401);
    expect(await api?.json()).toEqual({
      error: { code: "unauthorized", message: "sign in at /auth/login first" },
    });
    expect(await loginGateResponse(new Request(`${SIEVE}/api/health`), settings)).toBeNull();
    expect(await loginGateResponse(new Request(`${SIEVE}/metrics`), settings)).toBeNull();
    expect(authorizePush(null, settings)).toMatchObject({ ok: false, status: 401 });
  });

  it("believes no altered, foreign or replayed cookie", async () => {
    const { jar, callbackUrl } = await signIn("alice");
    const cookie = jar.header();
    const value = /sieve-session=([^;]+)/.exec(cookie)![1]!;
    const altered = `${value.slice(0, -3)}${value.endsWith("AAA") ? "BBB" : "AAA"}`;
    for (const header of [`sieve-session=${altered}`, "sieve-session=not-a-jwe", ""]) {
      expect(await currentUser(new Request(SIEVE, { headers: { cookie: header } }), settings)).toBeNull();
    }
    // Sealed with another secret: another deployment's cookie.
    const otherEnv = {
      SIEVE_AUTH: "oidc",
      SIEVE_PUBLIC_URL: SIEVE,
      SIEVE_OIDC_ISSUER: provider.issuer,
      SIEVE_OIDC_CLIENT_ID: provider.clientId,
      SIEVE_SESSION_SECRET: "x".repeat(40),
    };
    const other = parseAuthSettings(otherEnv, parseWebAccess(otherEnv).access).settings;
    expect(await currentUser(new Request(SIEVE, { headers: { cookie } }), other)).toBeNull();

    // The provider's code cannot be redeemed twice, and a callback without the sign-in cookie fails.
    const replayed = await callbackHandler(() => settings)(new Request(callbackUrl, { headers: { cookie } }));
    expect(replayed.status).toBe(400);
    const started = await loginHandler(() => settings)(new Request(`${SIEVE}/auth/login`));
    const attempt = new CookieJar();
    attempt.take(started);
    const code = new URL(callbackUrl).searchParams.get("code")!;
    const wrongState = await callbackHandler(() => settings)(
      new Request(
        `${SIEVE}/auth/callback?code=${code}&state=forged&iss=${encodeURIComponent(provider.issuer)}`,
        {
          headers: { cookie: attempt.header() },
        },
      ),
    );
    expect(wrongState.status).toBe(403);
  });

  it("signs out by clearing the session cookie", async () => {
    const { jar } = await signIn("alice");
    const response = await logoutHandler(() => settings)(new Request(`${SIEVE}/auth/logout`));
    expect(response.status).toBe(200);
    jar.take(response);
    expect(jar.has("sieve-session")).toBe(false);
    expect(await currentUser(new Request(SIEVE, { headers: { cookie: jar.header() } }), settings)).toBeNull();
  });

  it("keeps the sign-in routes closed in other modes", async () => {
    const none = parseAuthSettings({}, parseWebAccess({}).access).settings;
    const response = await loginHandler(() => none)(new Request(`${SIEVE}/auth/login`));
    expect(response.status).toBe(404);
  });
});
