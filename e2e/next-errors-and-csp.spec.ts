import { expect, test } from "@playwright/test";

// What Next would answer itself (a path that does not decode, TRACE) comes in Sieve's shape with the
// security headers; pages carry a CSP whose nonce Next put on its scripts, and still work under it.

function expectSecurityHeaders(response: { headers(): Record<string, string> }): void {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("no-referrer");
}

test.describe("errors Next would answer with a bare 500", () => {
  test("a malformed percent-encoding in an API [name] segment is a JSON 400", async ({ request }) => {
    const response = await request.get("/api/posture/%E0%A4%A");
    expect(response.status()).toBe(400);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toEqual({
      error: { code: "bad_request", message: "the path has malformed percent-encoding" },
    });
    expectSecurityHeaders(response);
  });

  test("a malformed percent-encoding in a page's [name] segment is a 400 with the headers", async ({
    request,
  }) => {
    const response = await request.get("/namespaces/%E0%A4%A");
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("malformed percent-encoding");
    expectSecurityHeaders(response);
  });

  test("TRACE is refused with 405 and the allowed methods", async ({ request }) => {
    for (const path of ["/", "/api/health"]) {
      const response = await request.fetch(path, { method: "TRACE" });
      expect(response.status()).toBe(405);
      expect(response.headers()["allow"]).toContain("GET");
      expectSecurityHeaders(response);
    }
    const api = await request.fetch("/api/health", { method: "TRACE" });
    expect(await api.json()).toEqual({
      error: { code: "method_not_allowed", message: "method TRACE is not allowed" },
    });
  });

  test("the image optimizer is off", async ({ request }) => {
    const response = await request.get("/_next/image?url=%2Ficon.svg&w=64&q=75");
    expect(response.status()).toBe(404);
  });
});

test.describe("the Content-Security-Policy of pages", () => {
  test("a fresh nonce per page, on Next's scripts, and the page works under it", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
        violations.push(message.text());
    });
    const response = await page.goto("/namespaces");
    const policy = response?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expectSecurityHeaders(response!);

    await expect(
      page.getByTestId("posture-table").locator('tbody tr[data-namespace="paperless"]'),
    ).toBeVisible();
    const scripts = await page
      .locator("script")
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((value) => value === nonce)).toBe(true);
    expect(violations).toEqual([]);

    const again = await page.request.get("/namespaces");
    expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  });
});
