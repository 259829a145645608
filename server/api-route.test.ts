import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/api/api-error";
import { windowQuery } from "@/lib/api/query-params";
import { testDeps, testRuntime } from "@/test/route-runtime";
import { apiRoute, isApiRoute } from "./api-route";
import { installPeerAddressStamp, PEER_HEADER } from "./auth/peer-address";

const deps = testDeps(testRuntime(), 1_000);
const get = (url: string, headers: Record<string, string> = {}) =>
  new Request(url, { headers: { host: new URL(url).host, ...headers } });

describe("apiRoute", () => {
  it("answers the handler's body as JSON with no-store and the security headers", async () => {
    const route = apiRoute({ query: windowQuery }, ({ query, now }) => ({ window: query.window, now }));
    const response = await route.withDeps(deps)(get("http://127.0.0.1:3100/api/x?window=15m"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ window: 900_000, now: 1_000 });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers bad parameters with 400 and one issue per parameter", async () => {
    const route = apiRoute(
      { query: windowQuery, params: z.object({ name: z.string().min(3, "too short") }) },
      () => ({}),
    );
    const response = await route.withDeps(deps)(get("http://localhost:3000/api/x?window=2d"), {
      params: Promise.resolve({ name: "a" }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; issues: unknown[] } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.issues).toEqual([
      { param: "window", message: 'window: "2d" is not a duration such as 5m or 1h' },
      { param: "name", message: "too short" },
    ]);
    expect(body.error.message).toBe('window: "2d" is not a duration such as 5m or 1h; name: too short');
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("checks path parameters once the query is good", async () => {
    const route = apiRoute({ params: z.object({ name: z.string().min(3, "too short") }) }, () => ({}));
    const response = await route.withDeps(deps)(get("http://localhost:3000/api/x"), {
      params: Promise.resolve({ name: "a" }),
    });
    expect(await response.json()).toEqual({
      error: {
        code: "bad_request",
        message: "name: too short",
        issues: [{ param: "name", message: "too short" }],
      },
    });
  });

  it("answers a thrown ApiError with its status and a thrown bug with a JSON 500 that hides the detail", async () => {
    const refused = apiRoute({}, () => {
      throw new ApiError("conflict", "not configured");
    });
    const conflict = await refused.withDeps(deps)(get("http://localhost/api/x"));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: "conflict", message: "not configured" } });

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = apiRoute({}, () => {
      throw new TypeError("cannot read properties of undefined (reading 'secret/path')");
    });
    const response = await broken.withDeps(deps)(get("http://localhost/api/x"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "internal_error" } });
    expect(text).not.toContain("secret/path");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(log).toHaveBeenCalledWith(expect.stringContaining("GET /api/x failed: cannot read properties"));
    log.mockRestore();
  });

  it("refuses a rebound host (DNS rebinding) before the handler runs, on GET and POST", async () => {
    const handler = vi.fn(() => ({ ok: true }));
    const read = apiRoute({}, handler).withDeps(deps);
    const push = apiRoute({ guard: "push" }, handler).withDeps(deps);
    const rebound = {
      host: "rebind.test:3133",
      origin: "http://rebind.test:3133",
      "sec-fetch-site": "same-origin",
      "x-sieve-request": "1",
    };
    for (const request of [
      new Request("http://rebind.test:3133/api/status", { headers: rebound }),
      new Request("http://rebind.test:3133/api/fix/pull-request?edge=x", {
        method: "POST",
        headers: rebound,
      }),
    ]) {
      const response = await (request.method === "POST" ? push : read)(request);
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toContain('"rebind.test:3133"');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("serves the configured public name and refuses others", async () => {
    const published = testDeps(testRuntime(), 1_000, { SIEVE_PUBLIC_URL: "https://sieve.example.org" });
    const route = apiRoute({}, () => ({ ok: true })).withDeps(published);
    const at = (host: string) => route(new Request(`https://${host}/api/health`, { headers: { host } }));
    expect((await at("sieve.example.org")).status).toBe(200);
    expect((await at("sieve.example.org:443")).status).toBe(200);
    expect((await at("127.0.0.1:3000")).status).toBe(200);
    expect((await at("sieve.example.org.evil.test")).status).toBe(403);
    expect((await at("other.example.org")).status).toBe(403);
  });

  it("lets a push through only from Sieve's page: header, same-origin, own Origin", async () => {
    const handler = vi.fn(() => ({ pushed: true }));
    const push = apiRoute({ guard: "push" }, handler).withDeps(deps);
    const page = {
      host: "127.0.0.1:3100",
      origin: "http://127.0.0.1:3100",
      "sec-fetch-site": "same-origin",
      "x-sieve-request": "1",
    };
    const post = (headers: Record<string, string>) =>
      push(new Request("http://127.0.0.1:3100/api/fix/pull-request", { method: "POST", headers }));
    const message = async (response: Response) =>
      ((await response.json()) as { error: { message: string } }).error.message;

    const withoutHeader: Record<string, string> = { ...page };
    delete withoutHeader["x-sieve-request"];
    const missing = await post(withoutHeader);
    expect(missing.status).toBe(403);
    expect(await message(missing)).toContain("x-sieve-request");
    expect((await post({ ...page, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ ...page, origin: "http://evil.test" })).status).toBe(403);
    expect((await post({ ...page, origin: "http://127.0.0.1:3101" })).status).toBe(403);
    expect((await post({ ...page, origin: "null" })).status).toBe(403);
    expect(handler).not.toHaveBeenCalled();
    const allowed = await post(page);
    expect(allowed.status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  describe("the push guard, branch by branch", () => {
    const pushed = vi.fn(() => ({ pushed: true }));
    const pushAt = (env: Record<string, string>) =>
      apiRoute({ guard: "push" }, pushed).withDeps(testDeps(testRuntime(), 1_000, env));
    const post = (
      route: (request: Request) => Promise<Response>,
      url: string,
      headers: Record<string, string>,
    ) => route(new Request(url, { method: "POST", headers: { host: new URL(url).host, ...headers } }));
    const refusal = async (response: Response) => {
      expect(response.status).toBe(403);
      return ((await response.json()) as { error: { code: string; message: string } }).error;
    };

    it("refuses a same-origin request that names no Origin", async () => {
      pushed.mockClear();
      const error = await refusal(
        await post(pushAt({}), "http://127.0.0.1:3100/api/fix/pull-request", {
          "sec-fetch-site": "same-origin",
          "x-sieve-request": "1",
        }),
      );
      expect(error).toEqual({ code: "forbidden", message: "the request has no Origin header" });
      expect(pushed).not.toHaveBeenCalled();
    });

    it("refuses the header with any value but 1, and a cross-origin Origin, each in its words", async () => {
      pushed.mockClear();
      const page = { origin: "http://127.0.0.1:3100", "x-sieve-request": "1" };
      const url = "http://127.0.0.1:3100/api/fix/pull-request";
      expect(
        (await refusal(await post(pushAt({}), url, { ...page, "x-sieve-request": "yes" }))).message,
      ).toBe("the request lacks the x-sieve-request header Sieve's page sends");
      expect(
        (await refusal(await post(pushAt({}), url, { ...page, origin: "http://localhost:3100" }))).message,
      ).toBe("the request comes from another origin");
      expect(
        (await refusal(await post(pushAt({}), url, { ...page, "sec-fetch-site": "same-site" }))).message,
      ).toBe("cross-site requests are refused");
      expect(pushed).not.toHaveBeenCalled();
      // A client that sends no Fetch Metadata (an older browser) passes on its Origin alone.
      expect((await post(pushAt({}), url, page)).status).toBe(200);
      expect(pushed).toHaveBeenCalledTimes(1);
    });

    const behindProxy = {
      SIEVE_PUBLIC_URL: "https://sieve.example.org",
      SIEVE_TRUSTED_PROXIES: "10.0.0.0/8",
    };
    const forwarded = {
      "x-forwarded-host": "sieve.example.org",
      "x-forwarded-proto": "https",
      "x-sieve-request": "1",
      "sec-fetch-site": "same-origin",
    };
    const inner = "http://sieve.sieve.svc:3000/api/fix/pull-request";

    it("behind a trusted proxy, takes the forwarded host and scheme as the page's origin", async () => {
      pushed.mockClear();
      const allowed = await post(pushAt(behindProxy), inner, {
        ...forwarded,
        origin: "https://sieve.example.org",
      });
      expect(allowed.status).toBe(200);
      expect(pushed).toHaveBeenCalledTimes(1);
      // The forwarded scheme is https: the same name over http is another origin.
      const http = await post(pushAt(behindProxy), inner, {
        ...forwarded,
        origin: "http://sieve.example.org",
      });
      expect((await refusal(http)).message).toBe("the request comes from another origin");
      // The forwarded host must still be the published one.
      const other = await post(pushAt(behindProxy), inner, {
        ...forwarded,
        "x-forwarded-host": "evil.test",
        origin: "https://evil.test",
      });
      expect((await refusal(other)).message).toMatch(/^host "evil.test" is not one Sieve answers to/);
      expect(pushed).toHaveBeenCalledTimes(1);
    });

    it("ignores forwarded headers when no proxy is trusted, or the list has a mistake", async () => {
      pushed.mockClear();
      const published = { SIEVE_PUBLIC_URL: "https://sieve.example.org" };
      const untrusted = await post(pushAt(published), inner, {
        ...forwarded,
        origin: "https://sieve.example.org",
      });
      expect((await refusal(untrusted)).message).toMatch(
        /^host "sieve.sieve.svc:3000" is not one Sieve answers to/,
      );
      const mistaken = { ...behindProxy, SIEVE_TRUSTED_PROXIES: "10.0.0.0/8, proxy.lan" };
      const listWithMistake = await post(pushAt(mistaken), inner, {
        ...forwarded,
        origin: "https://sieve.example.org",
      });
      expect((await refusal(listWithMistake)).message).toMatch(/^host "sieve.sieve.svc:3000"/);
      // On a loopback name, a forged https scheme does not make the page's http origin foreign.
      const loopback = await post(pushAt({}), "http://127.0.0.1:3100/api/fix/pull-request", {
        ...forwarded,
        "x-forwarded-host": "localhost:9999",
        origin: "http://127.0.0.1:3100",
      });
      expect(loopback.status).toBe(200);
      expect(pushed).toHaveBeenCalledTimes(1);
    });

    it("lets through only the push group's members once the page's request is signed in", async () => {
      installPeerAddressStamp();
      pushed.mockClear();
      const env = { SIEVE_AUTH: "proxy", SIEVE_TRUSTED_PROXIES: "10.0.0.1", SIEVE_PUSH_GROUP: "ops" };
      const page = {
        origin: "http://127.0.0.1:3100",
        "sec-fetch-site": "same-origin",
        "x-sieve-request": "1",
        [PEER_HEADER]: "10.0.0.1",
        "x-forwarded-user": "ada",
      };
      const url = "http://127.0.0.1:3100/api/fix/pull-request";
      const outsider = await post(pushAt(env), url, { ...page, "x-forwarded-groups": "dev" });
      expect((await refusal(outsider)).message).toBe('only members of the group "ops" may push fix branches');
      const foreign = await post(pushAt(env), url, {
        ...page,
        "x-forwarded-groups": "ops",
        origin: "http://evil.test",
      });
      expect((await refusal(foreign)).message).toBe("the request comes from another origin");
      expect(pushed).not.toHaveBeenCalled();
      const member = await post(pushAt(env), url, { ...page, "x-forwarded-groups": "dev, ops" });
      expect(member.status).toBe(200);
      expect(pushed).toHaveBeenCalledTimes(1);
    });
  });

  it("is recognisable as a wrapped handler, with or without injected dependencies", () => {
    const route = apiRoute({}, () => ({}));
    expect(isApiRoute(route)).toBe(true);
    expect(isApiRoute(route.withDeps(deps))).toBe(true);
    expect(isApiRoute(() => Response.json({}))).toBe(false);
  });
});
