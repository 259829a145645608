import { expect, test } from "@playwright/test";

// Issue #10's what-if journey: a fix branch for mealie's drops to postgres is on the demo's forge
// (pushed by Sieve's own Fix, as the pull-request journey does); pick it on the What-if page and
// read that it newly allows mealie's flows to postgres and drops nothing.

const MEALIE_POSTGRES = "ns:mealie>ns:database:tcp:5432:egress";

test("pick a fix branch on the What-if page and read the flows it newly allows", async ({
  page,
  baseURL,
}) => {
  // The branch may already be there from the pull-request journey; pushing it again is refused then.
  const pushed = await page.request.post(
    `/api/fix/pull-request?edge=${encodeURIComponent(MEALIE_POSTGRES)}&window=1h`,
    { headers: { origin: baseURL!, "x-sieve-request": "1" } },
  );
  const pushedBody = await pushed.text();

  await page.goto("/");
  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "What-if" }).click();
  const article = page.getByRole("article", { name: "What-if" });
  const picker = article.getByLabel("Branch");
  await expect(picker).toBeEnabled();
  const option = picker
    .locator("option")
    .filter({ hasText: /^sieve\/fix-.*mealie/ })
    .first();
  await expect(option, `the fix branch (push answered ${pushed.status()} ${pushedBody})`).toBeAttached();
  const branch = await option.getAttribute("value");
  await picker.selectOption(branch!);
  await expect(page).toHaveURL(new RegExp(`/what-if\\?ref=${encodeURIComponent(branch!)}`));

  const report = article.getByTestId("what-if-report");
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByTestId("what-if-objects")).toContainText(
    "Namespace mealie changed: access.network-policy.homelab/postgres=true",
  );
  await expect(report.getByTestId("what-if-dropped")).toContainText("Newly dropped: none");
  const allowed = report.getByTestId("what-if-allowed");
  await expect(allowed).toContainText(/Newly allowed: [\d,]+ flows? of 1 kind/);
  await expect(allowed).toContainText(/mealie\/\S+ → database\/\S+ TCP 5432/);
  await expect(report.getByTestId("what-if-posture")).toContainText("access label postgres added");

  await allowed.getByRole("link", { name: "Show the edge on the graph" }).click();
  await expect(page).toHaveURL(/edge=ns%3Amealie%3Ens%3Adatabase%3Atcp%3A5432%3Aegress/);
});
