import { expect, test } from "@playwright/test";

// DNS rebinding: a page served as http://rebind.test:3133 whose name resolves to Sieve's address
// sends Sieve that name in Host. Sieve must serve neither its pages nor its API to it.

const REBOUND = { host: "rebind.test:3133", origin: "http://rebind.test:3133" };

test("a page or API asked for under a foreign name is refused, under its own name served", async ({
  request,
}) => {
  for (const path of ["/", "/namespaces", "/api/status", "/api/graph?window=5m"]) {
    const refused = await request.get(path, { headers: REBOUND });
    expect(refused.status(), path).toBe(403);
    expect(refused.headers()["cache-control"], path).toBe("no-store");
    const text = await refused.text();
    // Pages answer text, APIs the API's JSON error; both name the refused host.
    const message = path.startsWith("/api/")
      ? (JSON.parse(text) as { error: { message: string } }).error.message
      : text;
    expect(message, path).toContain('"rebind.test:3133"');
  }
  const push = await request.post("/api/fix/pull-request?edge=x", {
    headers: { ...REBOUND, "x-sieve-request": "1" },
  });
  expect(push.status()).toBe(403);
  expect(((await push.json()) as { error: { code: string } }).error.code).toBe("forbidden");

  expect((await request.get("/")).status()).toBe(200);
  const status = await request.get("/api/status");
  expect(status.status()).toBe(200);
  expect(status.headers()["cache-control"]).toBe("no-store");
});
