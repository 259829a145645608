import { expect, test, type Page } from "@playwright/test";

// Every page loads, hydrates and draws its data without an uncaught error or a console error in
// the browser (a hydration mismatch is one: React reports it there and re-renders on the client).

const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: "/", ready: (page) => expect(page.getByTestId("dropping-edges")).toBeVisible() },
  { path: "/drops", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  {
    path: "/namespaces",
    ready: (page) =>
      expect(page.getByTestId("posture-table").locator('tbody tr[data-namespace="paperless"]')).toBeVisible(),
  },
  {
    path: "/namespaces/paperless",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toContainText("paperless"),
  },
  { path: "/flows", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  {
    path: "/conventions",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
  { path: "/what-if", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
];

for (const { path, ready } of PAGES) {
  test(`${path} loads without a browser error`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    await page.goto(path);
    await ready(page);
    // One round trip through the page's own event loop after its data arrived: a hydration error is
    // reported before React commits, so it is in `errors` by the time this answers.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(errors).toEqual([]);
  });
}
