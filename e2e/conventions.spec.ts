import { expect, test } from "@playwright/test";

test.describe("the conventions Sieve read from the demo's policies", () => {
  test("open Conventions, read the inferred profiles, access labels and escape hatch, follow the evidence", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Conventions" }).click();
    await expect(page).toHaveURL(/\/conventions$/);
    await expect(page).toHaveTitle("Conventions — Sieve");

    const profiles = page.getByTestId("conventions-profiles");
    await expect(profiles.getByTestId("profile-label")).toHaveText("network-policy.homelab/profile");
    for (const name of ["isolated", "internal", "internal-egress", "standard"]) {
      await expect(profiles.locator(`tr[data-profile="${name}"]`)).toBeVisible();
    }
    const standard = profiles.locator('tr[data-profile="standard"]');
    await expect(standard).toContainText("gateway.networking.k8s.io/gateway-name=external");
    await expect(standard).toContainText("world on 443/TCP");
    await expect(profiles.locator('tr[data-profile="isolated"]')).toContainText("none beyond the baselines");

    const access = page.getByTestId("conventions-access");
    await expect(access.locator('tr[data-access="postgres"]')).toContainText(
      "access.network-policy.homelab/postgres",
    );
    await expect(access.locator('tr[data-access="postgres"]')).toContainText("5432");
    await expect(access.locator('tr[data-access="kube-api"]')).toContainText("kube-apiserver (entity)");

    await expect(page.getByTestId("enforcement-label")).toHaveText(
      "network-policy.homelab/enforcement=disabled",
    );
    await expect(page.getByTestId("conventions-file")).toContainText("None: everything below is inferred");
    await expect(page.getByRole("article", { name: "Conventions" })).toContainText(
      "Read from the cluster's policies",
    );

    // outline has the escape hatch open: it is not counted among the enforced namespaces.
    const baselines = page.getByTestId("conventions-baselines");
    await expect(baselines.getByTestId("enforcement-disabled")).toHaveText("outline");
    await expect(baselines.getByTestId("wide-open")).toHaveText("none");
    await expect(baselines.getByTestId("baselines-sentence")).toHaveText("The baselines select every pod.");

    // The evidence link leads to the profile's own CCNP, rendered with its rules.
    await standard.getByRole("link", { name: /CCNP profile-standard/ }).click();
    await expect(page).toHaveURL(/#evidence-\d+$/);
    const anchor = new URL(page.url()).hash.slice(1);
    const policy = page.locator(`[id="${anchor}"]`);
    await expect(policy).toBeInViewport();
    await expect(policy).toContainText("CCNP profile-standard");
    await expect(policy).toContainText("spec.egress[0]");
  });
});
