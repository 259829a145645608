import { describe, expect, it } from "vitest";
import { parseWebAccess } from "./web-access";

describe("parseWebAccess", () => {
  it("answers to loopback only and trusts no proxy by default", () => {
    expect(parseWebAccess({})).toEqual({ access: { publicOrigin: null, trustedProxies: [] }, problems: [] });
  });

  it("keeps the public URL's origin", () => {
    expect(parseWebAccess({ SIEVE_PUBLIC_URL: " https://Sieve.example.org:443/ " }).access.publicOrigin).toBe(
      "https://sieve.example.org",
    );
    expect(parseWebAccess({ SIEVE_PUBLIC_URL: "http://10.0.0.5:3000" }).access.publicOrigin).toBe(
      "http://10.0.0.5:3000",
    );
  });

  it("refuses a public URL that is not a plain http(s) origin", () => {
    for (const url of [
      "sieve.example.org",
      "ftp://sieve.example.org",
      "https://user:pw@sieve.example.org",
      "https://sieve.example.org/sieve",
      "https://sieve.example.org/?a=1",
    ]) {
      const { access, problems } = parseWebAccess({ SIEVE_PUBLIC_URL: url });
      expect(access.publicOrigin, url).toBeNull();
      expect(problems, url).toEqual([
        { section: "web", message: expect.stringMatching(/^SIEVE_PUBLIC_URL: /) },
      ]);
    }
  });

  it("reads trusted proxies as addresses or CIDRs, and trusts none when one entry is wrong", () => {
    expect(
      parseWebAccess({ SIEVE_TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.2 fd00::/8" }).access.trustedProxies,
    ).toEqual(["10.0.0.0/8", "192.168.1.2", "fd00::/8"]);
    const wrong = parseWebAccess({ SIEVE_TRUSTED_PROXIES: "10.0.0.0/8,proxy.local" });
    expect(wrong.access.trustedProxies).toEqual([]);
    expect(wrong.problems.map((p) => p.message)).toEqual([
      'SIEVE_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR',
    ]);
  });
});
