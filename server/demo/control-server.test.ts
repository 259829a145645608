import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { hubbleFixture } from "@/lib/hubble/fixtures";
import { startDemoControl, type DemoControl } from "./control-server";

interface Answer {
  code: number;
  body: { published?: number; error?: string };
}

function send(
  control: DemoControl,
  {
    method = "POST",
    path = "/flows",
    body = "[]",
    headers = {},
  }: { method?: string; path?: string; body?: string; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${control.url}${path}`, {
      method,
      headers: { "Content-Type": "application/json", ...headers },
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          code: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()) as Answer["body"],
        }),
      );
    });
    request.on("error", reject);
    request.end(method === "GET" ? undefined : body);
  });
}

describe("the demo control hook", () => {
  const published: HubbleFlowJson[] = [];
  let control: DemoControl;

  beforeAll(async () => {
    control = await startDemoControl({ publish: (flow) => published.push(flow) });
  });
  afterAll(() => control.stop());

  it("listens on loopback and publishes the flows it is given", async () => {
    expect(control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const flows = [hubbleFixture("policyDeniedIngress"), hubbleFixture("dnsResponse")];
    const answer = await send(control, { body: JSON.stringify(flows) });
    expect(answer).toEqual({ code: 200, body: { published: 2 } });
    expect(published.slice(-2)).toEqual(flows);
  });

  it.each([
    ["not JSON", "{", 400, /not valid JSON/],
    ["not an array", JSON.stringify({ time: "2025-01-01T00:00:00Z" }), 400, /JSON array/],
    ["an empty array", "[]", 400, /1-1000/],
    [
      "a bad time",
      JSON.stringify([{ time: "yesterday", verdict: "DROPPED" }]),
      400,
      /0\.time: time must be an RFC 3339/,
    ],
    [
      "an unknown verdict",
      JSON.stringify([{ time: "2025-01-01T00:00:00Z", verdict: "MAYBE" }]),
      400,
      /0\.verdict/,
    ],
    [
      "a string where an endpoint goes",
      JSON.stringify([{ time: "2025-01-01T00:00:00Z", verdict: "DROPPED", source: "web" }]),
      400,
      /0\.source/,
    ],
    [
      "a field the relay cannot encode",
      JSON.stringify([{ time: "2025-01-01T00:00:00Z", verdict: "DROPPED", l7: "http" }]),
      400,
      /flow 0 cannot be encoded/,
    ],
  ])("refuses %s", async (_name, body, code, message) => {
    const before = published.length;
    const answer = await send(control, { body });
    expect(answer.code).toBe(code);
    expect(answer.body.error).toMatch(message);
    expect(published).toHaveLength(before);
  });

  it("refuses other paths, methods and content types", async () => {
    expect((await send(control, { path: "/other" })).code).toBe(404);
    expect((await send(control, { method: "GET" })).code).toBe(405);
    expect((await send(control, { headers: { "Content-Type": "text/plain" } })).code).toBe(415);
  });

  it("refuses requests addressed by another host name, as a rebinding page would send", async () => {
    const answer = await send(control, {
      headers: { Host: "attacker.example" },
      body: JSON.stringify([hubbleFixture("tcpReply")]),
    });
    expect(answer.code).toBe(403);
    const localhost = await send(control, {
      headers: { Host: `localhost:${new URL(control.url).port}` },
      body: JSON.stringify([hubbleFixture("tcpReply")]),
    });
    expect(localhost.code).toBe(200);
  });

  it("refuses bodies over a megabyte", async () => {
    const answer = await send(control, { body: `[${" ".repeat(1024 * 1024)}]` });
    expect(answer.code).toBe(413);
  });
});

describe("the demo control hook's faults", () => {
  it("applies a valid fault request, refuses a malformed one, and has no /faults without faults", async () => {
    const applied: string[] = [];
    const control = await startDemoControl({
      publish: () => {},
      faults: {
        setMode: (target, mode) => applied.push(`${target}=${mode}`),
        forbid: (kinds) => applied.push(`forbid=${kinds.join(",")}`),
        acceptToken: (accept) => applied.push(`token=${accept}`),
        rotateCa: async () => {
          applied.push("rotate");
        },
      },
    });
    try {
      const ok = await send(control, {
        path: "/faults",
        body: JSON.stringify({
          kube: "freeze",
          relay: "refuse",
          forbid: ["pods"],
          acceptToken: false,
          rotateCa: true,
        }),
      });
      expect(ok.code).toBe(200);
      expect(applied).toEqual(["kube=freeze", "relay=refuse", "forbid=pods", "token=false", "rotate"]);
      const bad = await send(control, { path: "/faults", body: JSON.stringify({ kube: "sleep" }) });
      expect(bad.code).toBe(400);
      expect(bad.body.error).toMatch(/pass\|refuse\|freeze/);
      const unknownKind = await send(control, {
        path: "/faults",
        body: JSON.stringify({ forbid: ["secrets"] }),
      });
      expect(unknownKind.code).toBe(400);
      expect(applied).toHaveLength(5);
    } finally {
      await control.stop();
    }
    const plain = await startDemoControl({ publish: () => {} });
    try {
      expect((await send(plain, { path: "/faults", body: "{}" })).code).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
