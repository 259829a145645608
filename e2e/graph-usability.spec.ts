import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

// The graph as someone reads it: hovering lights up what is attached, Back and Forward walk the
// selections, Escape closes the panel, and the keyboard alone reaches a drop's fix.

const MEALIE_POSTGRES = "ns:mealie>ns:database:tcp:5432:egress";
const N8N_DRAGONFLY = "ns:n8n>ns:cache:tcp:6379:egress";

/** What cytoscape drew, read from the instance it registers on its container. */
interface DrawnGraph {
  zoom: number;
  faded: string[];
  subdued: string[];
  forwardedOnly: string[];
  position: { x: number; y: number } | null;
}

async function drawn(page: Page, nodeId: string | null = null): Promise<DrawnGraph> {
  return page.getByTestId("namespace-graph").evaluate((container, id) => {
    interface Element {
      id(): string;
      hasClass(name: string): boolean;
      data(key: string): unknown;
      renderedPosition(): { x: number; y: number };
      empty(): boolean;
    }
    interface Collection {
      map<T>(fn: (element: Element) => T): T[];
      filter(fn: (element: Element) => boolean): Collection;
    }
    const cy = (
      container as unknown as {
        _cyreg: {
          cy: {
            zoom(): number;
            elements(): Collection;
            edges(): Collection;
            getElementById(id: string): Element;
          };
        };
      }
    )._cyreg.cy;
    const ids = (collection: Collection) => collection.map((e) => e.id());
    const node = id ? cy.getElementById(id) : null;
    return {
      zoom: cy.zoom(),
      faded: ids(cy.elements().filter((e) => e.hasClass("faded"))),
      subdued: ids(cy.edges().filter((e) => e.hasClass("subdued"))),
      forwardedOnly: ids(cy.edges().filter((e) => e.data("dropped") === 0 && e.data("wouldDrop") === 0)),
      position: node && !node.empty() ? node.renderedPosition() : null,
    };
  }, nodeId);
}

async function openGraph(page: Page) {
  await page.goto("/");
  await expect(page.getByTestId("namespace-graph")).toHaveAttribute("data-node-count", /^[1-9]\d*$/);
  await expect(page.locator(`[data-edge-id="${MEALIE_POSTGRES}"]`)).toBeVisible();
}

test.describe("reading the graph", () => {
  test("hovering a node fades everything not attached to it, and leaving it brings it back", async ({
    page,
  }) => {
    await openGraph(page);
    const graph = page.getByTestId("namespace-graph");
    const box = (await graph.boundingBox())!;
    // As a hand does: from outside the node onto it, in steps; again if the drawing moved under
    // the pointer meanwhile (cytoscape saw no node under the first event entering its canvas).
    await expect(async () => {
      await page.mouse.move(box.x + 4, box.y + 4);
      const { position } = await drawn(page, "ns:mealie");
      expect(position).not.toBeNull();
      await page.mouse.move(box.x + position!.x, box.y + position!.y, { steps: 5 });
      await expect(graph).toHaveAttribute("data-focus", "ns:mealie", { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    const hovered = await drawn(page);
    expect(hovered.faded).toContain("ns:jellyfin");
    expect(hovered.faded).not.toContain("ns:mealie");
    expect(hovered.faded).not.toContain("ns:database");
    expect(hovered.faded).not.toContain(MEALIE_POSTGRES);

    await page.mouse.move(box.x + box.width / 2, box.y - 20);
    await expect(graph).toHaveAttribute("data-faded-count", "0");
  });

  test("forwarded edges step back while drops are shown", async ({ page }) => {
    await openGraph(page);
    await expect.poll(async () => (await drawn(page)).subdued.length).toBeGreaterThan(0);
    const { subdued, forwardedOnly } = await drawn(page);
    expect(subdued).not.toContain(MEALIE_POSTGRES);
    expect(new Set(subdued)).toEqual(new Set(forwardedOnly));
  });

  test("zooms with its buttons and says so when a filter leaves nothing", async ({ page }) => {
    await openGraph(page);
    const before = (await drawn(page)).zoom;
    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(async () => (await drawn(page)).zoom).toBeGreaterThan(before);
    const zoomedIn = (await drawn(page)).zoom;
    await page.getByRole("button", { name: "Zoom to fit" }).click();
    await expect.poll(async () => (await drawn(page)).zoom).toBeLessThan(zoomedIn);

    await page.goto("/?ns=no-such-namespace");
    await expect(page.getByTestId("graph-empty")).toContainText("Nothing matches these filters");
  });

  test("lists a namespace's incoming drops in its panel", async ({ page }) => {
    await openGraph(page);
    await page.getByText("All namespaces and peers").click();
    await page.locator('[data-node-id="ns:database"]').click();
    await expect(
      page.getByTestId("node-incoming-drops").locator(`[data-edge-id="${MEALIE_POSTGRES}"]`),
    ).toBeVisible();
    await page.getByTestId("node-incoming-drops").locator(`[data-edge-id="${MEALIE_POSTGRES}"]`).click();
    await expect(page.getByTestId("edge-panel")).toContainText("mealie");
  });
});

test("exports a PNG with its caption and legend around the drawing", async ({ page }) => {
  await openGraph(page);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export PNG" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sieve-graph-\d{4}-\d\d-\d\dT[\d-]+Z\.png$/);
  const path = await download.path();
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const graphPng = await drawnImageSize(page);
  expect(width).toBeGreaterThanOrEqual(graphPng.width);
  // The caption above and the legend below add at least four lines of text to the drawing.
  expect(height).toBeGreaterThan(graphPng.height + 4 * 18 * 2);
});

/** The size of cytoscape's own full-graph PNG at the export's scale. */
async function drawnImageSize(page: Page): Promise<{ width: number; height: number }> {
  return page.getByTestId("namespace-graph").evaluate(async (container) => {
    const cy = (container as unknown as { _cyreg: { cy: { png(options: object): string } } })._cyreg.cy;
    const image = new Image();
    image.src = cy.png({ full: true, scale: 2 });
    await image.decode();
    return { width: image.width, height: image.height };
  });
}

test.describe("history and keyboard", () => {
  test("Back returns to the previous selection and Forward comes back", async ({ page }) => {
    await openGraph(page);
    await page.locator(`[data-edge-id="${MEALIE_POSTGRES}"]`).click();
    await expect(page.getByTestId("edge-panel")).toContainText("mealie");
    await page.keyboard.press("Escape");
    await page.locator(`[data-edge-id="${N8N_DRAGONFLY}"]`).click();
    await expect(page.getByTestId("edge-panel")).toContainText("n8n");

    await page.goBack();
    await expect(page.getByTestId("edge-panel")).toHaveCount(0);
    await page.goBack();
    await expect(page).toHaveURL(/edge=ns%3Amealie/);
    await expect(page.getByTestId("edge-panel")).toContainText("mealie");
    await page.goForward();
    await page.goForward();
    await expect(page).toHaveURL(/edge=ns%3An8n/);
    await expect(page.getByTestId("edge-panel")).toContainText("n8n");
  });

  test("Escape closes the panel and gives the focus back to what opened it", async ({ page }) => {
    await openGraph(page);
    const opener = page.locator(`[data-edge-id="${MEALIE_POSTGRES}"]`);
    await opener.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("edge-panel")).toBeVisible();
    await expect(page.getByTestId("graph-panel")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("edge-panel")).toHaveCount(0);
    await expect(page).not.toHaveURL(/edge=/);
    await expect(page.locator(`[data-edge-id="${MEALIE_POSTGRES}"]`)).toBeFocused();
  });

  test("the keyboard alone reaches an edge's fix", async ({ page }) => {
    await openGraph(page);
    const focusedEdge = () =>
      page.evaluate(() => document.activeElement?.getAttribute("data-edge-id") ?? null);
    let presses = 0;
    while ((await focusedEdge()) !== MEALIE_POSTGRES) {
      expect(presses++, "Tab never reached the mealie → database edge").toBeLessThan(80);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("edge-panel");
    await expect(panel).toBeVisible();
    const fixButton = panel.getByRole("button", { name: "Why? and Fix" });
    await expect(fixButton).toBeVisible();
    presses = 0;
    while (!(await fixButton.evaluate((button) => button === document.activeElement))) {
      expect(presses++, "Tab never reached the Fix button").toBeLessThan(20);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    const lead = page.getByTestId("fix-lead");
    await expect(lead).toContainText("mealie/");
    await expect(lead).toContainText("→");
    await expect(lead).toContainText("postgres");
  });
});
