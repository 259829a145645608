import { expect, test } from "@playwright/test";
import { PREVIEW_URL } from "../playwright.config";

// Sieve started on a GitOps repository instead of a cluster (SIEVE_DEMO_MANIFESTS): the fixture
// overlay tree of Flux Kustomizations, kustomize overlays, post-build substitution and a Helm
// release, rendered as Flux would render it.

test.use({ baseURL: PREVIEW_URL });

test.describe("repository preview", () => {
  test("says it previews a repository, with which renderer and what it could not render, and no CNI alarm", async ({
    page,
  }) => {
    await page.goto("/");
    const notice = page.getByTestId("repository-preview");
    await expect(notice).toContainText("Repository preview");
    await expect(notice).toContainText("kubectl kustomize");
    await notice.getByText(/Not rendered/).click();
    const problems = notice.getByTestId("repository-preview-problems");
    await expect(problems).toContainText("Helm releases are not rendered");
    await expect(problems).toContainText("${miniflux_admin}");
    await expect(page.locator("body")).not.toContainText("No enforcing CNI");

    await page.goto("/namespaces");
    await expect(page.locator("main")).not.toContainText("No enforcing CNI");
  });

  test("says the relay is not part of a preview, and that the conventions come from the repository", async ({
    page,
  }) => {
    await page.goto("/conventions");
    const relay = page.getByTestId("hubble-status");
    await expect(relay).toHaveAttribute("data-health", "preview");
    await expect(relay).toContainText("no flows: repository preview");
    await expect(relay).not.toContainText("streaming flows");
    await expect(page.getByRole("article", { name: "Conventions" })).toContainText(
      "Read from the repository's policies (rendered)",
    );
  });

  test("a namespace's posture comes from the rendered overlay: its own labels and the patch's", async ({
    page,
  }) => {
    // miniflux's postgres access label is written by a JSON 6902 patch in the apps overlay.
    await page.goto("/namespaces/miniflux");
    await expect(page.locator("main")).toContainText("internal-egress");
    await expect(page.locator("main")).toContainText("access.network-policy.homelab/postgres");
    await expect(page.locator("main")).not.toContainText("No enforcing CNI");
  });
});
