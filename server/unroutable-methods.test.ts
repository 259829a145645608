import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerUnroutableMethods } from "./unroutable-methods";

let server: Server;
let port: number;

function send(method: string, path: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  answerUnroutableMethods();
  answerUnroutableMethods();
  // Stands for Next's handler: it would answer TRACE with a bare 500.
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("answerUnroutableMethods", () => {
  it("answers TRACE under /api with a JSON 405 and the security headers, before the handler", async () => {
    const response = await send("TRACE", "/api/health?x=1");
    expect(response.status).toBe(405);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "method_not_allowed", message: "method TRACE is not allowed" },
    });
    expect(response.headers).toMatchObject({
      "content-type": "application/json",
      allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    });
  });

  it("answers TRACE on a page in plain text, and lets every other method through", async () => {
    const trace = await send("TRACE", "/namespaces");
    expect(trace.status).toBe(405);
    expect(trace.body).toBe("method TRACE is not allowed\n");
    expect(await send("GET", "/namespaces")).toMatchObject({ status: 200, body: "next" });
    expect(await send("POST", "/api/x")).toMatchObject({ status: 200, body: "next" });
  });
});
