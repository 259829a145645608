import { describe, expect, it } from "vitest";
import { parseWebAccess } from "@/lib/config/web-access";
import { pushRequestProblem, requestHostDecision } from "./request-host";

const headers = (values: Record<string, string>) => new Headers(values);
const access = (env: Record<string, string> = {}) => parseWebAccess(env).access;

describe("requestHostDecision", () => {
  it("answers loopback names on any port, with both schemes as the page's origins", () => {
    for (const host of ["localhost:3100", "127.0.0.1:3102", "[::1]:4000", "LOCALHOST:3000", "127.0.0.1"]) {
      const decision = requestHostDecision(headers({ host }), access());
      expect(decision.ok, host).toBe(true);
    }
    expect(requestHostDecision(headers({ host: "127.0.0.1:3100" }), access())).toEqual({
      ok: true,
      host: "127.0.0.1:3100",
      origins: ["http://127.0.0.1:3100", "https://127.0.0.1:3100"],
    });
  });

  it("refuses a rebound name, look-alikes of loopback and malformed hosts", () => {
    for (const host of [
      "rebind.test:3133",
      "localhost.:3100",
      "localhost.rebind.test",
      "127.0.0.2:3100",
      "127.0.0.1.nip.io",
      "a b",
      "evil.test@127.0.0.1",
      "",
    ]) {
      const decision = requestHostDecision(headers(host ? { host } : {}), access());
      expect(decision.ok, host).toBe(false);
    }
  });

  it("answers the published name with its default port, and only with the published origin", () => {
    const published = access({ SIEVE_PUBLIC_URL: "https://Sieve.Example.org/" });
    expect(requestHostDecision(headers({ host: "sieve.example.org" }), published)).toEqual({
      ok: true,
      host: "sieve.example.org",
      origins: ["https://sieve.example.org"],
    });
    expect(requestHostDecision(headers({ host: "sieve.example.org:443" }), published).ok).toBe(true);
    expect(requestHostDecision(headers({ host: "sieve.example.org:8443" }), published).ok).toBe(false);
    expect(requestHostDecision(headers({ host: "example.org" }), published).ok).toBe(false);
  });

  it("ignores X-Forwarded-Host and -Proto unless proxies are trusted", () => {
    const forged = headers({
      host: "rebind.test:3133",
      "x-forwarded-host": "localhost:3100",
      "x-forwarded-proto": "https",
    });
    expect(requestHostDecision(forged, access()).ok).toBe(false);
    const proxied = access({
      SIEVE_PUBLIC_URL: "https://sieve.example.org",
      SIEVE_TRUSTED_PROXIES: "10.0.0.0/8",
    });
    const viaProxy = headers({
      host: "sieve.sieve.svc:3000",
      "x-forwarded-host": "sieve.example.org, inner.test",
      "x-forwarded-proto": "https",
    });
    expect(requestHostDecision(viaProxy, proxied)).toMatchObject({ ok: true, host: "sieve.example.org" });
    expect(requestHostDecision(forged, proxied)).toMatchObject({
      ok: true,
      origins: ["https://localhost:3100"],
    });
  });

  it("quotes the refused host without control characters", () => {
    const decision = requestHostDecision(headers({ host: "evil.test" }), access());
    expect(decision).toMatchObject({ ok: false, message: expect.stringContaining('"evil.test"') });
  });
});

describe("pushRequestProblem", () => {
  const origins = ["http://127.0.0.1:3100", "https://127.0.0.1:3100"];
  const page = { origin: "http://127.0.0.1:3100", "sec-fetch-site": "same-origin", "x-sieve-request": "1" };

  it("lets the page's own request through, also from a client that sends no Fetch Metadata", () => {
    expect(pushRequestProblem(headers(page), origins)).toBeNull();
    expect(pushRequestProblem(headers({ origin: page.origin, "x-sieve-request": "1" }), origins)).toBeNull();
  });

  it("refuses without the header, cross-site, without or with another Origin", () => {
    expect(pushRequestProblem(headers({ ...page, "x-sieve-request": "true" }), origins)).toMatch(
      /x-sieve-request/,
    );
    expect(pushRequestProblem(headers({ ...page, "sec-fetch-site": "same-site" }), origins)).toMatch(
      /cross-site/,
    );
    expect(pushRequestProblem(headers({ ...page, "sec-fetch-site": "none" }), origins)).toMatch(/cross-site/);
    expect(pushRequestProblem(headers({ "x-sieve-request": "1" }), origins)).toMatch(/no Origin/);
    expect(pushRequestProblem(headers({ ...page, origin: "http://127.0.0.1:3101" }), origins)).toMatch(
      /another origin/,
    );
    expect(pushRequestProblem(headers({ ...page, origin: "null" }), origins)).toMatch(/malformed/);
  });
});
