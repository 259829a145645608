import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseAuthSettings, type AuthSettings } from "@/lib/config/auth-settings";
import { parseWebAccess } from "@/lib/config/web-access";
import { currentUser, pushAuthorization } from "./current-user";
import { loginGateResponse } from "./page-gate";
import { PEER_HEADER, peerAddressOf } from "./peer-address";
import { loginStartupProblems, checkLoginAtStartup } from "./startup-check";

// Proxy sign-in through a real HTTP server: the identity headers are believed only when the TCP
// peer (stamped by Node's http.server.request.start channel, as in `next start`) is a trusted proxy.

function settingsOf(env: Record<string, string>): AuthSettings {
  const parsed = parseAuthSettings(env, parseWebAccess(env).access);
  expect(parsed.problems).toEqual([]);
  return parsed.settings;
}

const loopbackProxy = settingsOf({
  SIEVE_AUTH: "proxy",
  SIEVE_TRUSTED_PROXIES: "127.0.0.1",
  SIEVE_PUSH_GROUP: "platform-admins",
});
const remoteProxy = settingsOf({ SIEVE_AUTH: "proxy", SIEVE_TRUSTED_PROXIES: "10.0.0.0/8" });

let settings = loopbackProxy;
let server: Server;
let base: string;

beforeAll(async () => {
  // Like Next: the route sees a fetch Request built from the Node request's headers.
  server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const request = new Request(`http://localhost${req.url}`, { headers });
    void (async () => {
      const gate = await loginGateResponse(request, settings);
      const user = await currentUser(request, settings);
      res.writeHead(gate?.status ?? 200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          user,
          peer: peerAddressOf(request),
          push: await pushAuthorization(request, settings),
        }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const ALICE = {
  "X-Forwarded-User": "alice",
  "X-Forwarded-Email": "alice@example.org",
  "X-Forwarded-Groups": "developers,platform-admins",
};

async function call(path: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe("proxy sign-in", () => {
  it("believes no peer header before the start-up check installed the stamp", async () => {
    const { status, body } = await call("/api/posture", { ...ALICE, [PEER_HEADER]: "127.0.0.1" });
    expect(body.peer).toBeNull();
    expect(body.user).toBeNull();
    expect(status).toBe(401);
  });

  it("starts only with login settings that fit the address it listens on", () => {
    const exit = vi.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const none = parseAuthSettings({}, parseWebAccess({}).access);
    const standalone = ["/usr/local/bin/node", "/app/server.js"];
    expect(() => checkLoginAtStartup(standalone, { HOSTNAME: "0.0.0.0" }, exit, none)).toThrow("exit 1");
    expect(errors.mock.calls[0]?.[0]).toMatch(
      /^sieve: refusing to start: Sieve listens on "0.0.0.0" without login/,
    );
    const broken = parseAuthSettings({ SIEVE_AUTH: "proxy" }, parseWebAccess({}).access);
    expect(loginStartupProblems(standalone, { HOSTNAME: "127.0.0.1" }, broken)).toEqual([
      "SIEVE_AUTH=proxy needs SIEVE_TRUSTED_PROXIES: the addresses of the proxies whose user headers Sieve believes",
    ]);
    errors.mockRestore();
    checkLoginAtStartup(standalone, { HOSTNAME: "127.0.0.1" }, exit, none);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it("believes the headers from a trusted proxy's connection, whatever peer a client claims", async () => {
    settings = loopbackProxy;
    const { status, body } = await call("/api/fix/pull-request", { ...ALICE, [PEER_HEADER]: "10.9.9.9" });
    expect(status).toBe(200);
    expect(body.peer).toBe("127.0.0.1");
    expect(body.user).toEqual({
      name: "alice",
      email: "alice@example.org",
      groups: ["developers", "platform-admins"],
      via: "proxy",
    });
    expect(body.push).toEqual({ ok: true });
    const bob = await call("/api/fix/pull-request", {
      "X-Forwarded-User": "bob",
      "X-Forwarded-Groups": "dev",
    });
    expect(bob.body.push).toMatchObject({ ok: false, status: 403 });
  });

  it("ignores the headers of a connection from anywhere else, even one claiming a proxy's address", async () => {
    settings = remoteProxy;
    const { status, body } = await call("/api/posture", {
      ...ALICE,
      [PEER_HEADER]: "10.0.0.5",
      "X-Forwarded-For": "10.0.0.5",
    });
    expect(body.peer).toBe("127.0.0.1");
    expect(body.user).toBeNull();
    expect(status).toBe(401);
    expect(body.push).toMatchObject({ ok: false, status: 401 });
  });

  it("answers a trusted proxy that names no user 401", async () => {
    settings = loopbackProxy;
    const { status, body } = await call("/namespaces", {});
    expect(status).toBe(401);
    expect(body.user).toBeNull();
  });
});
