import { expect, test } from "@playwright/test";
import { MISCONFIGURED_URL } from "../playwright.config";

// The second server started by playwright.config.ts has an unreadable kubeconfig and a malformed
// relay address: the page must stay up and say what is wrong, one line per problem.
test.describe("a Sieve started with bad configuration", () => {
  test.use({ baseURL: MISCONFIGURED_URL });

  test("shows each problem in a banner instead of a blank page", async ({ page }) => {
    await page.goto("/");
    const banner = page.getByTestId("config-errors");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("/nonexistent/sieve-e2e/kubeconfig");
    await expect(banner).toContainText("file not found");
    await expect(banner).toContainText('SIEVE_HUBBLE_ADDRESS: "relay:not-a-port" is malformed');
    await expect(page.getByTestId("kubernetes-status")).toHaveAttribute("data-health", "unconfigured");
    await expect(page.getByTestId("hubble-status")).toHaveAttribute("data-health", "unconfigured");
    await expect(page.getByRole("heading", { name: "Flows between namespaces" })).toBeVisible();
  });

  test("answers the API with the problem rather than a stack trace", async ({ request }) => {
    const status = await request.get("/api/status");
    expect(status.ok()).toBe(true);
    const body = (await status.json()) as { configErrors: string[] };
    expect(body.configErrors).toHaveLength(2);
    for (const line of body.configErrors) {
      expect(line).not.toContain("\n");
      expect(line).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });
});
