import { expect, test } from "@playwright/test";

test.describe("the namespaces page on the demo cluster", () => {
  test("lists every namespace with its profile, access labels and flows by verdict", async ({ page }) => {
    await page.goto("/namespaces");
    const table = page.getByTestId("posture-table");
    await expect(table.locator('tbody tr[data-namespace="uptime-kuma"]')).toBeVisible();
    expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(27);

    const paperless = table.locator('tr[data-namespace="paperless"]');
    await expect(paperless.locator('[data-column="profile"]')).toContainText("standard");
    await expect(paperless.locator('[data-column="access"]')).toContainText("postgres");
    await expect(paperless.locator('[data-column="access"]')).toContainText("garage-s3");
    await expect(table.locator('tr[data-namespace="outline"] [data-column="enforcement"]')).toContainText(
      "disabled",
    );

    // mealie's pods try postgres without the access label: its drops are counted.
    await expect(table.locator('tr[data-namespace="mealie"] [data-verdict="DROPPED"]')).not.toHaveText(/^0 /);
    await expect(table.locator('tr[data-namespace="paperless"] [data-verdict="FORWARDED"]')).not.toHaveText(
      /^0 /,
    );
  });

  test("shows the cluster-level checks and the counts", async ({ page }) => {
    await page.goto("/namespaces");
    await expect(page.locator('[data-baseline="dns"]')).toHaveAttribute("data-status", "present");
    await expect(page.getByTestId("cni-inert")).toHaveCount(0);
    await expect(
      page.getByTestId("posture-counts").locator('[data-status="critical"] dd').first(),
    ).not.toHaveText("0");
  });

  test("shows both connections in sync", async ({ page }) => {
    await page.goto("/namespaces");
    await expect(page.getByTestId("kubernetes-status")).toHaveAttribute("data-health", "ok");
    await expect(page.getByTestId("hubble-status")).toHaveAttribute("data-health", "ok");
  });
});
