import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { parseAuthSettings } from "./auth-settings";
import { parseWebAccess } from "./web-access";

function parse(env: Record<string, string>) {
  return parseAuthSettings(env, parseWebAccess(env).access);
}

const OIDC = {
  SIEVE_AUTH: "oidc",
  SIEVE_PUBLIC_URL: "https://sieve.example.org",
  SIEVE_OIDC_ISSUER: "https://id.example.org/realms/lab",
  SIEVE_OIDC_CLIENT_ID: "sieve",
  SIEVE_OIDC_CLIENT_SECRET: "client-secret-value",
  SIEVE_SESSION_SECRET: "s".repeat(32),
};

describe("parseAuthSettings", () => {
  it("is 'none', not asked for, without SIEVE_AUTH", () => {
    expect(parse({})).toEqual({
      settings: { mode: "none", explicit: false, pushGroup: null, trustedProxies: [], oidc: null },
      problems: [],
    });
    expect(parse({ SIEVE_AUTH: "None" }).settings).toMatchObject({ mode: "none", explicit: true });
  });

  it("refuses an unknown mode and a push group with control characters", () => {
    const result = parse({ SIEVE_AUTH: "ldap", SIEVE_PUSH_GROUP: "ops\nadmins" });
    expect(result.problems).toEqual([
      'SIEVE_AUTH: "ldap" is not none, proxy or oidc',
      "SIEVE_PUSH_GROUP must be one group name of printable ASCII characters (or *)",
    ]);
  });

  it("needs trusted proxies for 'proxy' and takes routes' SIEVE_TRUSTED_PROXIES", () => {
    expect(parse({ SIEVE_AUTH: "proxy" }).problems).toEqual([
      "SIEVE_AUTH=proxy needs SIEVE_TRUSTED_PROXIES: the addresses of the proxies whose user headers Sieve believes",
    ]);
    const ok = parse({
      SIEVE_AUTH: "proxy",
      SIEVE_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8",
      SIEVE_PUSH_GROUP: "ops",
    });
    expect(ok).toEqual({
      settings: {
        mode: "proxy",
        explicit: true,
        pushGroup: "ops",
        trustedProxies: ["127.0.0.1", "10.0.0.0/8"],
        oidc: null,
      },
      problems: [],
    });
  });

  it("reads the OIDC client and keeps its secrets out of every printout", () => {
    const result = parse(OIDC);
    expect(result.problems).toEqual([]);
    const oidc = result.settings.oidc!;
    expect(oidc).toMatchObject({
      issuer: "https://id.example.org/realms/lab",
      clientId: "sieve",
      redirectUri: "https://sieve.example.org/auth/callback",
      publicOrigin: "https://sieve.example.org",
      scopes: ["openid", "profile", "email", "groups"],
      groupsClaim: "groups",
      sessionMaxAgeSeconds: 12 * 3600,
    });
    const printed = `${JSON.stringify(result)} ${inspect(result, { depth: 5 })}`;
    expect(printed).not.toContain("client-secret-value");
    expect(printed).not.toContain("s".repeat(32));
    expect(oidc.clientSecret?.reveal()).toBe("client-secret-value");
  });

  it("reports every missing or weak OIDC setting, one line each", () => {
    const result = parse({
      SIEVE_AUTH: "oidc",
      SIEVE_OIDC_ISSUER: "http://id.example.org",
      SIEVE_SESSION_SECRET: "short",
      SIEVE_SESSION_HOURS: "0",
      SIEVE_OIDC_SCOPES: "profile email",
    });
    expect(result.settings.oidc).toBeNull();
    expect(result.problems).toEqual([
      'SIEVE_OIDC_ISSUER: "http://id.example.org" must use https (http only for localhost)',
      "SIEVE_AUTH=oidc needs SIEVE_OIDC_CLIENT_ID",
      "SIEVE_AUTH=oidc needs SIEVE_PUBLIC_URL (the URL people open; the provider redirects to its /auth/callback)",
      "SIEVE_SESSION_SECRET must be at least 32 bytes (e.g. openssl rand -base64 48)",
      'SIEVE_SESSION_HOURS: "0" must be a whole number of hours, 1 to 720',
      'SIEVE_OIDC_SCOPES must include "openid"',
    ]);
    expect(result.problems.join("\n")).not.toContain("short");
  });

  it("accepts a loopback http issuer and a public client without secret", () => {
    const result = parse({
      ...OIDC,
      SIEVE_OIDC_ISSUER: "http://127.0.0.1:5556",
      SIEVE_OIDC_CLIENT_SECRET: "",
    });
    expect(result.problems).toEqual([]);
    expect(result.settings.oidc?.clientSecret).toBeNull();
  });
});
