import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BodyTooLarge, readRequestBody } from "./request-body";

const LIMIT = 16;

// A server that answers with what readRequestBody made of the body: the text, or 413.
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    readRequestBody(request, LIMIT).then(
      (text) => response.writeHead(200).end(`read:${text}`),
      (error: unknown) => response.writeHead(error instanceof BodyTooLarge ? 413 : 500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: "POST", body });
  return { status: response.status, text: await response.text() };
}

describe("readRequestBody", () => {
  it("reads a body up to the limit as UTF-8 text", async () => {
    expect(await post("é".repeat(LIMIT / 2))).toEqual({ status: 200, text: `read:${"é".repeat(LIMIT / 2)}` });
    expect(await post("")).toEqual({ status: 200, text: "read:" });
  });

  it("refuses a byte past the limit, and the server can still answer", async () => {
    const answer = await post("x".repeat(LIMIT + 1));
    expect(answer.status).toBe(413);
    expect(answer.text).toContain(`larger than ${LIMIT} bytes`);
  });

  it("refuses a body far past the limit without losing the connection's answer", async () => {
    expect((await post("y".repeat(1024 * 1024))).status).toBe(413);
  });
});
