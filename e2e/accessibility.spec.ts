import { expect, test, type Page } from "@playwright/test";

// Every page, as a person using a screen reader, a keyboard, dark mode or a phone meets it:
// axe-core finds nothing, every page has its own title, and the page never scrolls sideways.

const AXE_PATH = require.resolve("axe-core");

const PAGES: { path: string; title: RegExp; ready: (page: Page) => Promise<void> }[] = [
  {
    path: "/",
    title: /^Graph — Sieve$/,
    ready: (page) => expect(page.getByTestId("dropping-edges")).toBeVisible(),
  },
  {
    path: "/?edge=ns%3Amealie%3Ens%3Adatabase%3Atcp%3A5432%3Aegress",
    title: /^Graph — Sieve$/,
    ready: (page) => expect(page.getByTestId("edge-panel")).toBeVisible(),
  },
  {
    path: "/drops",
    title: /^Drops — Sieve$/,
    ready: (page) => expect(page.getByTestId("drop-groups").locator("li").first()).toBeVisible(),
  },
  {
    path: "/namespaces",
    title: /^Namespaces — Sieve$/,
    ready: (page) => expect(page.getByTestId("posture-table").locator("tbody tr").first()).toBeVisible(),
  },
  {
    path: "/namespaces/mealie",
    title: /^mealie — Sieve$/,
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toContainText("mealie"),
  },
  {
    path: "/conventions",
    title: /^Conventions — Sieve$/,
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
  {
    path: "/flows?verdict=DROPPED",
    title: /^Flows — Sieve$/,
    ready: (page) => expect(page.getByTestId("flow-row").first()).toBeVisible(),
  },
  {
    path: "/what-if",
    title: /^What-if — Sieve$/,
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 5)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ""}`)
          .join(" | ")}${v.nodes.length > 5 ? ` … ${v.nodes.length} in all` : ""}`,
    )
    .join("\n");
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`every page in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    for (const { path, title, ready } of PAGES) {
      test(`${path} has no axe violation and its own title`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await ready(page);
        await expect.soft(page).toHaveTitle(title);
        const violations = await axeViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      });
    }
  });
}

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const { path, ready } of PAGES) {
      test(`${path} does not scroll sideways`, async ({ page }) => {
        await page.goto(path);
        await ready(page);
        const overflow = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(overflow.scrollWidth, `page is ${overflow.scrollWidth} px wide`).toBeLessThanOrEqual(
          overflow.clientWidth,
        );
      });
    }
  });
}

test("at 390 px the namespaces table scrolls inside its own box and the graph is on screen", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto("/namespaces");
  const table = page.getByTestId("posture-table");
  await expect(table.locator("tbody tr").first()).toBeVisible();
  const box = await table.evaluate((element) => {
    let scroller: HTMLElement | null = element.parentElement;
    while (scroller && getComputedStyle(scroller).overflowX !== "auto") scroller = scroller.parentElement;
    return scroller
      ? { clientWidth: scroller.clientWidth, scrollWidth: scroller.scrollWidth }
      : { clientWidth: 0, scrollWidth: 0 };
  });
  expect(box.clientWidth).toBeGreaterThan(0);
  expect(box.clientWidth).toBeLessThanOrEqual(390);

  await page.goto("/");
  const graph = page.getByTestId("namespace-graph");
  await expect(graph).toHaveAttribute("data-node-count", /^[1-9]\d*$/);
  const graphBox = await graph.boundingBox();
  expect(graphBox?.width ?? 0).toBeGreaterThan(300);
  expect(graphBox?.height ?? 0).toBeGreaterThan(300);
  await expect(page.getByRole("button", { name: "Zoom to fit" })).toBeVisible();
});
