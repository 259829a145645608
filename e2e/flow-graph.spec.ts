import { expect, test } from "@playwright/test";
import { DEMO_CONTROL_URL } from "../playwright.config";
import { linkdingDropToWorld } from "./injected-flows";

// Every row of the runbook's drop table, as the demo produces it: the edge that must be red.
const DROP_TABLE_EDGES = {
  "egress to kube-dns :53": "ns:uptime-kuma>ns:kube-system:udp:53:egress",
  "egress to postgres :5432": "ns:mealie>ns:database:tcp:5432:egress",
  "egress to dragonfly :6379": "ns:n8n>ns:cache:tcp:6379:egress",
  "egress to garage :3900": "ns:actions-runner>ns:garage:tcp:3900:egress",
  "egress to kube-apiserver :6443": "ns:homepage>kube-apiserver:tcp:6443:egress",
  "egress to world :443": "ns:grafana-dashboards>world:tcp:443:egress",
  "ingress from istio-gateway": "ns:istio-gateway>ns:stirling-pdf:tcp:8080:ingress",
  "ingress from monitoring/prometheus": "ns:monitoring>ns:jellyfin:tcp:8096:ingress",
};

test.describe("the flow graph on the demo cluster", () => {
  test("draws the demo's namespaces and every drop-table row as a red edge", async ({ page }) => {
    await page.goto("/");
    const graph = page.getByTestId("namespace-graph");
    await expect(graph).toHaveAttribute("data-node-count", /^(2[7-9]|[3-9]\d)$/);
    const dropping = page.getByTestId("dropping-edges");
    for (const [row, edgeId] of Object.entries(DROP_TABLE_EDGES)) {
      await expect(dropping.locator(`[data-edge-id="${edgeId}"]`), row).toBeVisible();
    }
  });

  test("explains the postgres drop and its fix when its edge is clicked", async ({ page }) => {
    await page.goto("/");
    await page.locator(`[data-edge-id="${DROP_TABLE_EDGES["egress to postgres :5432"]}"]`).click();
    await expect(page).toHaveURL(/edge=ns%3Amealie/);
    const panel = page.getByTestId("edge-panel");
    const classification = panel.getByTestId("drop-classification").first();
    await expect(classification.getByTestId("drop-class-title")).toHaveText(/missing postgres access label/i);
    await expect(classification.getByTestId("drop-fix")).toContainText(
      'access.network-policy.homelab/postgres: "true" to namespace mealie',
    );
    await expect(panel).toContainText("mealie/");
    await expect(panel).toContainText("POLICY_DENIED");
  });

  test("keeps the selection and filters in the URL", async ({ page }) => {
    await page.goto("/?verdict=DROPPED&window=15m&ns=mealie");
    await expect(page.getByRole("button", { name: "Dropped", exact: true })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(page.getByRole("combobox", { name: "Time window" })).toHaveValue(String(15 * 60_000));
    await expect(page.getByTestId("dropping-edges").locator("button")).toHaveCount(1);
    await page.getByRole("button", { name: "Forwarded", exact: true }).click();
    await expect(page).toHaveURL(/verdict=FORWARDED/);
  });

  test("shows a flow added to the demo within 2 seconds", async ({ page, request }) => {
    await page.goto("/");
    await expect(page.getByTestId("dropping-edges")).toBeVisible();
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const edgeId = `ns:linkding>world:tcp:${port}:egress`;
    await expect(page.locator(`[data-edge-id="${edgeId}"]`)).toHaveCount(0);

    const published = await request.post(`${DEMO_CONTROL_URL}/flows`, {
      data: [linkdingDropToWorld(`e2e-${port}-${Date.now()}`, port, new Date())],
      headers: { "Content-Type": "application/json" },
    });
    expect(published.ok()).toBe(true);
    const addedAt = Date.now();
    await expect(page.locator(`[data-edge-id="${edgeId}"]`)).toBeVisible({ timeout: 2_000 });
    expect(Date.now() - addedAt).toBeLessThan(2_000);
  });
});

test.describe("the drops view", () => {
  test("lists the postgres drops of mealie with their class, count and last seen", async ({ page }) => {
    await page.goto("/drops");
    const group = page.locator('[data-testid="drop-groups"] > li[data-namespace="mealie"]');
    await expect(group).toHaveAttribute("data-class", /postgres/);
    await expect(group.getByTestId("drop-class-title")).toHaveText(/missing postgres access label/i);
    await expect(group.getByTestId("drop-count")).not.toHaveText("0");
    await expect(group).toContainText("ago");
  });
});
