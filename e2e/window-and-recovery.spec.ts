import { expect, test } from "@playwright/test";
import type { GraphResponse } from "@/lib/api/responses";
import { kubectl } from "./support/demo-kubectl";

// One window for every view, named beside every count; drops into a namespace on its page; and a
// dropping connection that turns "recovered since …" after the fix, as a user sees them.

const MEALIE_TO_POSTGRES = "ns:mealie>ns:database:tcp:5432:egress";
const POSTGRES_LABEL = "access.network-policy.homelab/postgres";

test.describe("one window, labelled", () => {
  test("the window chosen on the graph travels to every view and each count names it", async ({ page }) => {
    await page.goto("/?window=15m");
    await expect(page.getByRole("combobox", { name: "Time window" })).toHaveValue(String(15 * 60_000));
    await expect(page.getByTestId("graph-summary")).toContainText("in the last 15m");

    const nav = page.getByRole("navigation", { name: "Views" });
    await nav.getByRole("link", { name: "Drops" }).click();
    await expect(page).toHaveURL(/\/drops\?window=15m$/);
    await expect(page.getByTestId("drops-heading")).toHaveText(/^\d+ dropped flows in the last 15m$/);
    await expect(
      page.getByRole("navigation", { name: "Time window" }).getByRole("link", { name: "last 15m" }),
    ).toHaveAttribute("aria-current", "page");

    await nav.getByRole("link", { name: "Flows" }).click();
    await expect(page).toHaveURL(/\/flows\?since=15m$/);
    await expect(page.getByTestId("flows-count")).toContainText("in the last 15m");
    await expect(page.getByTestId("observe-command")).toContainText("--last 200 --since 15m");

    await nav.getByRole("link", { name: "Namespaces" }).click();
    await expect(page).toHaveURL(/\/namespaces\?window=15m$/);
    await expect(
      page.getByTestId("posture-table").getByRole("columnheader", { name: /Flows \(last 15m\)/ }),
    ).toBeVisible();
    await page.getByTestId("posture-table").getByRole("link", { name: "mealie", exact: true }).click();
    await expect(page).toHaveURL(/\/namespaces\/mealie\?window=15m$/);
    await expect(page.getByTestId("drops-both-ways")).toContainText("in the last 15m");

    // Back on the graph the window is still the one chosen.
    await nav.getByRole("link", { name: "Graph" }).click();
    await expect(page).toHaveURL(/\/\?window=15m$/);
  });

  test("a namespace's page shows the drops into it, with the graph's edges and counts", async ({
    page,
    request,
  }) => {
    const graph = (await (
      await request.get("/api/graph?ns=database&verdict=DROPPED,AUDIT&window=5m")
    ).json()) as GraphResponse;
    const into = graph.edges.filter((e) => e.target === "ns:database" && e.source !== "ns:database");
    expect(into.map((e) => e.id)).toContain(MEALIE_TO_POSTGRES);

    await page.goto("/namespaces/database");
    const list = page.getByTestId("namespace-drops-into");
    const mealie = list.locator(`[data-edge-id="${MEALIE_TO_POSTGRES}"]`);
    await expect(mealie).toContainText("from mealie");
    await expect(mealie).toContainText(/\d+ dropped/);
    await expect(page.getByTestId("drops-both-ways").getByRole("heading", { level: 2 })).toHaveText(
      "Drops to and from database in the last 5m",
    );
    // The link opens that edge on the graph, over the same window.
    await mealie.getByRole("link").click();
    await expect(page).toHaveURL(/\/\?ns=database&edge=/);
    await expect(page.getByTestId("edge-panel")).toContainText("mealie");
  });

  test("the drops view narrows to ?namespace=&port=, from a namespace's link or typed in", async ({
    page,
  }) => {
    await page.goto("/namespaces/database?window=15m");
    await page.getByRole("link", { name: "Drops from or to database" }).click();
    await expect(page).toHaveURL(/\/drops\?namespace=database&window=15m$/);
    await expect(page.getByTestId("drops-heading")).toHaveText(
      /^\d+ dropped flows from or to database in the last 15m$/,
    );
    // mealie's egress drop to postgres is one of database's, though mealie is where it is dropped.
    const groups = page.getByTestId("drop-groups");
    await expect(groups.locator('[data-namespace="mealie"]').first()).toBeVisible();
    await expect(groups.locator('[data-namespace="homepage"]')).toHaveCount(0);

    await page.goto("/drops?namespace=mealie&port=5432");
    await expect(page.getByTestId("drops-heading")).toHaveText(
      /^[1-9]\d* dropped flows from or to mealie on port 5432 in the last 5m$/,
    );
    await expect(
      page.getByTestId("drop-groups").locator(':scope > li[data-class="access-label-missing/postgres"]'),
    ).toHaveCount(1);
    await expect(page.getByTestId("drop-groups").locator(":scope > li")).toHaveCount(1);
    // The window links keep the filter.
    await page
      .getByRole("navigation", { name: "Time window" })
      .getByRole("link", { name: "last 15m" })
      .click();
    await expect(page).toHaveURL(/\/drops\?namespace=mealie&port=5432&window=15m$/);

    await page.goto("/drops?namespace=mealie&port=postgres");
    await expect(page.getByTestId("drops-filter-problem")).toHaveText(
      'No drops shown: port: "postgres" is not a port from 1 to 65535. Show all drops',
    );
    await expect(page.getByTestId("drop-groups").locator(":scope > li")).toHaveCount(0);
  });

  test("a dropping edge shows recovered since … once a label change lets its flows through", async ({
    page,
  }) => {
    // mealie asks postgres every 20 s; recovered means no drop for twice that, and flows passing.
    test.setTimeout(150_000);
    await page.goto("/?ns=mealie");
    const edge = page.getByTestId("dropping-edges").locator(`[data-edge-id="${MEALIE_TO_POSTGRES}"]`);
    await expect(edge.locator('[data-state="dropping"]')).toBeVisible();
    try {
      kubectl(["label", "namespace", "mealie", "--overwrite", `${POSTGRES_LABEL}=true`]);
      await expect(edge.locator('[data-state="recovered"]')).toContainText(/recovered since \S+/, {
        timeout: 120_000,
      });
      await expect(page.getByTestId("graph-summary")).toContainText("recovered");

      await edge.click();
      await expect(page.getByTestId("edge-recovered")).toContainText("recovered since");

      // A checklist concludes only over a window the relay delivered whole: a short one keeps clear
      // of the gaps other journeys make when they stop the relay.
      await page.goto("/namespaces/mealie?window=2m");
      const database = page.getByTestId("connectivity-checklist").locator('[data-check="database"]');
      await expect(database).toHaveAttribute("data-status", "recovered");
      await expect(database).toContainText(/recovered since \S+/);
    } finally {
      kubectl(["label", "namespace", "mealie", `${POSTGRES_LABEL}-`]);
    }
  });
});

test.describe("the flows table by keyboard", () => {
  test("arrow keys move the selection, Enter opens it, Escape closes and gives the focus back", async ({
    page,
  }) => {
    await page.goto("/flows?from-namespace=mealie");
    const rows = page.getByTestId("flow-row");
    await expect(rows.nth(2)).toBeVisible();
    await page.getByRole("button", { name: "Pause" }).click();
    const keys = await rows.evaluateAll((all) => all.slice(0, 3).map((row) => row.getAttribute("data-key")));
    // By key, not position: an answer in flight when Pause was pressed may still add newer rows on top.
    const rowOf = (key: string | null | undefined) =>
      page.locator(`[data-testid="flow-row"][data-key="${key}"]`);

    await rowOf(keys[0]).locator("button").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(rowOf(keys[2])).toHaveAttribute("aria-selected", "true");
    await expect(page).toHaveURL(
      new RegExp(`flow=${encodeURIComponent(keys[2]!).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    await expect(page.getByTestId("flow-detail")).toHaveCount(0);
    await page.keyboard.press("ArrowUp");
    await expect(rowOf(keys[1])).toHaveAttribute("aria-selected", "true");

    await page.keyboard.press("Enter");
    await expect(page.getByTestId("flow-detail")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("flow-detail")).toHaveCount(0);
    await expect(rowOf(keys[1]).locator("button")).toBeFocused();

    // The selected row is in the address: a reload opens it again, Back returns to the one before.
    await rowOf(keys[0]).click();
    await expect(page.getByTestId("flow-detail")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("flow-detail")).toBeVisible();
    await expect(page.locator(`[data-testid="flow-row"][data-key="${keys[0]}"]`)).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await page.goBack();
    await expect(page).toHaveURL(
      new RegExp(`flow=${encodeURIComponent(keys[1]!).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
  });
});
