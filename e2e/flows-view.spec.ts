import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_CONTROL_URL } from "../playwright.config";
import { linkdingDropToWorld } from "./injected-flows";

// The flows table as a Hubble user drives it: filters in the CLI's flags, kept in the URL; a value
// of a flow clicked to filter on it; the view exported as `hubble observe -o json` lines.

interface ShownRow {
  key: string;
  source: string;
  port: string;
  verdict: string;
}

async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.getByTestId("flow-row").evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (column: string) => row.querySelector(`[data-column="${column}"]`)?.textContent ?? "";
      return {
        key: row.getAttribute("data-key") ?? "",
        source: cell("source"),
        port: cell("port"),
        verdict: cell("verdict"),
      };
    }),
  );
}

async function addFilter(page: Page, flag: string, value: string) {
  await page.getByLabel("Filter flag").selectOption(flag);
  await page.getByLabel("Filter value").fill(value);
  await page.getByRole("button", { name: "Add filter" }).click();
}

test.describe("the flows view", () => {
  test("filters by from-namespace, port and verdict and shows only the relay's answer to them", async ({
    page,
    request,
  }) => {
    await page.goto("/flows");
    await expect(page).toHaveTitle("Flows — Sieve");
    await expect(page.getByTestId("flow-row").first()).toBeVisible();

    await addFilter(page, "from-namespace", "mealie");
    await addFilter(page, "to-port", "5432");
    await addFilter(page, "verdict", "DROPPED");
    await expect(page).toHaveURL(/\/flows\?from-namespace=mealie&to-port=5432&verdict=DROPPED$/);
    await expect(page.getByTestId("observe-command")).toContainText(
      "hubble observe --from-namespace mealie --to-port 5432 --verdict DROPPED --last 200",
    );

    await expect(page.getByTestId("flow-row").first()).toHaveAttribute("data-key", /.+/);
    await page.getByRole("button", { name: "Pause" }).click();
    const rows = await shownRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.source).toMatch(/^mealie\//);
      expect(row.port).toBe("5432/TCP");
      expect(row.verdict).toBe("DROPPED");
    }
    // The relay's answer to the same filters holds every shown flow and no other kind of flow.
    const answer = await request.get(
      "/api/flows?from-namespace=mealie&to-port=5432&verdict=DROPPED&last=2000",
    );
    expect(answer.ok()).toBe(true);
    const body = (await answer.json()) as {
      flows: { flow: { uuid: string; time: string; verdict: string; source: { namespace: string } } }[];
    };
    // A row is keyed by its flow's uuid and time.
    const answered = new Set(body.flows.map(({ flow }) => `${flow.uuid}@${flow.time}`));
    expect(rows.every((row) => answered.has(row.key))).toBe(true);
    expect(
      body.flows.every(({ flow }) => flow.verdict === "DROPPED" && flow.source.namespace === "mealie"),
    ).toBe(true);
  });

  test("adds a filter from a value in the flow's details", async ({ page }) => {
    await page.goto("/flows?from-namespace=mealie&verdict=DROPPED");
    await page.getByTestId("flow-row").first().click();
    const detail = page.getByTestId("flow-detail");
    const port = detail.locator('[data-testid="facet-filter"][data-flag="to-port"]');
    const value = (await port.textContent()) ?? "";
    expect(value).toMatch(/^\d+$/);
    await port.click();
    await expect(page).toHaveURL(new RegExp(`from-namespace=mealie&verdict=DROPPED&to-port=${value}$`));
    await expect(page.getByTestId("flow-filters").locator('[data-flag="to-port"]')).toContainText(value);
    await expect(page.getByTestId("flow-row").first()).toBeVisible();
    for (const row of await shownRows(page)) expect(row.port).toMatch(new RegExp(`^${value}/`));

    // "not" beside a value leaves those flows out.
    await page.getByTestId("flow-row").first().click();
    await detail.getByRole("button", { name: /^Exclude destination port/ }).click();
    await expect(page).toHaveURL(/&not&to-port=/);
    await expect(page.getByTestId("flows-table")).toHaveAttribute("data-row-count", "0");
  });

  test("refuses filters Hubble would refuse, in the CLI's words", async ({ page, request }) => {
    const refused = await request.get("/api/flows?verdict=MAYBE");
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toEqual({
      error: { code: "bad_request", message: "invalid --verdict value: MAYBE" },
    });
    const conflicting = await request.get("/api/flows?namespace=a&to-namespace=b");
    expect(conflicting.status()).toBe(400);

    await page.goto("/flows?verdict=MAYBE");
    await expect(page.getByRole("alert").filter({ hasText: "invalid --verdict value: MAYBE" })).toBeVisible();
    await page.goto("/flows?from-namespace=mealie");
    await page.getByTestId("flow-row").first().click();
    await page
      .getByTestId("flow-detail")
      .locator('[data-testid="facet-filter"][data-flag="from-ip"]')
      .click();
    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: "filters --from-ip and --from-namespace cannot be combined" }),
    ).toBeVisible();
    // The refused filter is not added; the address keeps the filter and the selected row.
    await expect(page).toHaveURL(/\/flows\?from-namespace=mealie&flow=[^&]+$/);
  });

  test("pauses and resumes following, and exports the shown flows as hubble JSON lines", async ({
    page,
    request,
  }) => {
    const loaded = page.waitForResponse((response) => response.url().includes("/api/flows?"));
    await page.goto("/flows?from-namespace=linkding&to-identity=world");
    await loaded;
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: "Resume" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("observe-command")).not.toContainText("--follow");
    let pollsWhilePaused = 0;
    const countPolls = (url: string) => {
      if (url.includes("/api/flows?")) pollsWhilePaused += 1;
    };
    page.on("request", (sent) => countPolls(sent.url()));
    const port = 30_000 + Math.floor(Math.random() * 10_000);
    const uuid = `e2e-flows-view-${port}`;
    const published = await request.post(`${DEMO_CONTROL_URL}/flows`, {
      data: [linkdingDropToWorld(uuid, port, new Date())],
      headers: { "Content-Type": "application/json" },
    });
    expect(published.ok()).toBe(true);
    // The relay has it (asked directly), yet the paused table neither asks nor shows it.
    const relayHasIt = await request.get(`/api/flows?from-namespace=linkding&to-port=${port}`);
    expect(((await relayHasIt.json()) as { flows: unknown[] }).flows).toHaveLength(1);
    const row = page.locator(`[data-testid="flow-row"][data-key^="${uuid}@"]`);
    await expect(row).toHaveCount(0);
    expect(pollsWhilePaused).toBe(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(row).toBeVisible();
    await expect(page.getByTestId("observe-command")).toContainText("--follow");

    const count = Number(await page.getByTestId("flows-table").getAttribute("data-row-count"));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export JSON lines" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("flows.jsonl");
    const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(count);
    const flows = lines.map(
      (line) => (JSON.parse(line) as { flow: { uuid: string; source: { namespace: string } } }).flow,
    );
    expect(flows.every((flow) => flow.source.namespace === "linkding")).toBe(true);
    expect(flows.map((flow) => flow.uuid)).toContain(uuid);
  });
});
