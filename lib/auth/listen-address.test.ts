import { describe, expect, it } from "vitest";
import { isLoopbackHost, isTrustedPeer, listenAddressOf, listenProblem } from "./listen-address";

describe("listenAddressOf", () => {
  it("reads next start's -H/--hostname, and nothing means every interface", () => {
    const next = ["/usr/bin/node", "/app/node_modules/next/dist/bin/next", "start", "--port", "3000"];
    expect(listenAddressOf([...next, "--hostname", "127.0.0.1"], {})).toEqual({ host: "127.0.0.1" });
    expect(listenAddressOf([...next, "-H", "0.0.0.0"], {})).toEqual({ host: "0.0.0.0" });
    expect(listenAddressOf([...next, "--hostname=::1"], {})).toEqual({ host: "::1" });
    expect(listenAddressOf(next, { HOSTNAME: "127.0.0.1" })).toBe("every interface");
  });

  it("reads HOSTNAME for the standalone server.js, as it does", () => {
    expect(listenAddressOf(["/usr/local/bin/node", "/app/server.js"], { HOSTNAME: "127.0.0.1" })).toEqual({
      host: "127.0.0.1",
    });
    expect(listenAddressOf(["/usr/local/bin/node", "server.js"], {})).toBe("every interface");
  });

  it("cannot tell for other launchers (next dev's worker gets its address by IPC)", () => {
    const worker = ["/usr/bin/node", "/app/node_modules/next/dist/server/lib/start-server.js"];
    expect(listenAddressOf(worker, { HOSTNAME: "box" })).toBe("unknown");
  });
});

describe("isLoopbackHost / isTrustedPeer", () => {
  it("knows loopback in its spellings", () => {
    for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1"])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "sieve.example.org", "127.0.0.0/8", "localhost.example"])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it("matches a socket's address against addresses and CIDRs", () => {
    expect(isTrustedPeer("::ffff:10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(isTrustedPeer("10.1.2.3", ["10.1.2.3"])).toBe(true);
    expect(isTrustedPeer("fd00::5", ["fd00::/8"])).toBe(true);
    expect(isTrustedPeer("192.168.1.1", ["10.0.0.0/8"])).toBe(false);
    expect(isTrustedPeer(null, ["0.0.0.0/0"])).toBe(false);
    expect(isTrustedPeer("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });
});

describe("listenProblem", () => {
  it("refuses 'none' off loopback unless SIEVE_AUTH says so", () => {
    const implicit = { mode: "none", explicit: false } as const;
    expect(listenProblem(implicit, { host: "127.0.0.1" })).toBeNull();
    expect(listenProblem(implicit, { host: "0.0.0.0" })).toMatch(
      /^Sieve listens on "0.0.0.0" without login: set SIEVE_AUTH=proxy or SIEVE_AUTH=oidc/,
    );
    expect(listenProblem(implicit, "every interface")).toMatch(/listens on every interface/);
    expect(listenProblem(implicit, "unknown")).toBeNull();
    expect(listenProblem({ mode: "none", explicit: true }, { host: "0.0.0.0" })).toBeNull();
    expect(listenProblem({ mode: "proxy", explicit: true }, "every interface")).toBeNull();
  });
});
