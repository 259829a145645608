import { expect, test } from "@playwright/test";

test.describe("the namespaces page on the demo cluster", () => {
  test("lists every namespace with its profile, access labels and flows by verdict", async ({ page }) => {
    await page.goto("/namespaces");
    const table = page.getByTestId("namespace-table");
    await expect(table.locator("tbody tr")).toHaveCount(27);

    const paperless = table.locator('tr[data-namespace="paperless"]');
    await expect(paperless.locator('[data-column="profile"]')).toContainText("standard");
    await expect(paperless.locator('[data-column="access"]')).toContainText("postgres");
    await expect(paperless.locator('[data-column="access"]')).toContainText("garage-s3");

    await expect(table.locator('tr[data-namespace="outline"] [data-column="enforcement"]')).toHaveText(
      "disabled",
    );
    await expect(table.locator('tr[data-namespace="scratch"] [data-column="profile"]')).toContainText(
      "no profile: no ingress allowed",
    );

    // mealie's pods try postgres without the access label: its drops are counted.
    const mealieDrops = table.locator('tr[data-namespace="mealie"] [data-verdict="DROPPED"]');
    await expect(mealieDrops).not.toHaveText(/^0 /);
    await expect(table.locator('tr[data-namespace="paperless"] [data-verdict="FORWARDED"]')).not.toHaveText(
      /^0 /,
    );
  });

  test("shows both connections in sync", async ({ page }) => {
    await page.goto("/namespaces");
    await expect(page.getByTestId("kubernetes-status")).toHaveAttribute("data-health", "ok");
    await expect(page.getByTestId("hubble-status")).toHaveAttribute("data-health", "ok");
  });
});
