import { expect, test } from "@playwright/test";
import type { DropsResponse, EdgeResponse, FixResponse, GraphResponse } from "@/lib/api/responses";
import type { Flow } from "@/lib/flows/flow";
import { kubectl } from "./support/demo-kubectl";

test.describe("namespace posture on the demo cluster", () => {
  test("the escape-hatch namespace shows the critical alert and how long enforcement has been off", async ({
    page,
  }) => {
    await page.goto("/namespaces/outline");
    const enforcement = page.getByTestId("enforcement");
    await expect(enforcement).toHaveAttribute("data-enabled", "false");
    await expect(page.getByTestId("enforcement-alert")).toContainText("NetworkPolicyEnforcementDisabledLong");
    await expect(page.getByTestId("enforcement-alert").locator("[data-severity]")).toHaveText("critical");
    await expect(page.getByTestId("enforcement-since")).toContainText(/disabled for 1d \d+h/);
    await expect(enforcement).toContainText(
      "kubectl label namespace outline network-policy.homelab/enforcement-",
    );
    await expect(enforcement).toContainText("docs/runbooks/network-policy-escape-hatch.md");
  });

  test("the escape hatch: what re-enabling would drop, one proven fix, and no drops once it is applied", async ({
    page,
    request,
  }) => {
    // The gateway routes to outline every 40 s: the journey waits for one request after the change.
    test.setTimeout(150_000);
    await page.goto("/namespaces?enforcement=disabled");
    const row = page.getByTestId("posture-table").locator('tr[data-namespace="outline"]');
    await expect(row.getByTestId("reenable-short")).toContainText(
      /^re-enable would drop \d+ flows? of 1 kind$/,
    );

    // The demo's outline is public through the external gateway, which its profile (internal) does
    // not let in: the escape hatch hides that, re-enabling would drop it again.
    await page.goto("/namespaces/outline");
    const audit = page.getByTestId("reenable-audit");
    await expect(audit).toHaveAttribute("data-verdict", "would-drop");
    await expect(page.getByTestId("reenable-verdict")).toContainText(
      /^re-enabling now would drop \d+ flows? of 1 kind/,
    );
    const gateway = audit.getByTestId("would-be-drop").first();
    await expect(gateway).toHaveAttribute("data-dropped-at", "ingress");
    await expect(gateway).toContainText("TCP 3000");

    await page.getByRole("button", { name: "Fix and re-enable" }).click();
    await expect(page.getByTestId("fix")).toHaveAttribute("data-kind", "change", { timeout: 30_000 });
    await expect(page.getByTestId("proof-fixes")).toHaveText(
      await page.getByTestId("proof-drops").innerText(),
    );
    await expect(page.getByTestId("fix-steps")).toContainText(
      "kubectl label namespace outline network-policy.homelab/enforcement-",
    );

    // Apply what the Fix proposes, as merging it and running its remaining step would.
    const fix = (await (await request.get("/api/fix?reenable=outline")).json()) as FixResponse;
    expect(fix.plan.proposal.kind).toBe("change");
    const changes = fix.plan.proposal.kind === "change" ? fix.plan.proposal.changes : [];
    const labels = changes.flatMap((change) =>
      change.type === "set-namespace-labels" && change.namespace === "outline"
        ? [
            ...Object.entries(change.set).map(([key, value]) => `${key}=${value}`),
            ...change.remove.map((key) => `${key}-`),
          ]
        : [],
    );
    expect(labels).toContain("network-policy.homelab/profile=standard");
    const applied = Date.now();
    try {
      kubectl(["label", "namespace", "outline", "--overwrite", ...labels]);
      kubectl(["label", "namespace", "outline", "network-policy.homelab/enforcement-"]);
      await expect(page.getByTestId("enforcement")).toHaveAttribute("data-enabled", "true", {
        timeout: 20_000,
      });

      // Gateway traffic reaches outline after the change, forwarded, and nothing of outline drops.
      await expect
        .poll(
          async () => {
            const graph = (await (await request.get("/api/graph?window=5m")).json()) as GraphResponse;
            const edges = graph.edges.filter((e) => e.source === "ns:outline" || e.target === "ns:outline");
            const flows: Flow[] = [];
            for (const edge of edges) {
              const detail = (await (
                await request.get(`/api/graph/edge?id=${encodeURIComponent(edge.id)}&window=5m`)
              ).json()) as EdgeResponse;
              flows.push(...detail.flows.map((f) => f.flow).filter((f) => f.time > applied + 2_000));
            }
            const fromGateway = flows.filter(
              (f) => f.source.namespace === "istio-gateway" && f.verdict === "FORWARDED",
            ).length;
            const dropped = flows.filter((f) => f.verdict === "DROPPED").length;
            return { fromGateway: fromGateway > 0, dropped };
          },
          { timeout: 90_000, intervals: [2_000] },
        )
        .toEqual({ fromGateway: true, dropped: 0 });
      const drops = (await (await request.get("/api/drops?window=5m")).json()) as DropsResponse;
      const outlineDrops = drops.groups.filter(
        (g) =>
          g.lastSeen > applied + 2_000 &&
          g.samples.some((f) => f.source.namespace === "outline" || f.destination.namespace === "outline"),
      );
      expect(outlineDrops).toEqual([]);
    } finally {
      kubectl([
        "label",
        "namespace",
        "outline",
        "--overwrite",
        "network-policy.homelab/profile=internal",
        "network-policy.homelab/enforcement=disabled",
      ]);
    }
  });

  test("the platform namespace without HBONE shows that rule missing", async ({ page }) => {
    await page.goto("/namespaces/cache");
    const hbone = page.getByTestId("platform-checks").locator('[data-check="hbone"]');
    await expect(hbone).toHaveAttribute("data-status", "missing");
    await expect(page.getByTestId("platform-checks").locator('[data-check="dns-egress"]')).toHaveAttribute(
      "data-status",
      "present",
    );
  });

  test("the application namespace without a profile is flagged", async ({ page }) => {
    await page.goto("/namespaces");
    const scratch = page.getByTestId("posture-table").locator('tr[data-namespace="scratch"]');
    await expect(scratch.locator('[data-column="profile"]')).toContainText("no profile: no ingress allowed");
    await expect(scratch.locator('[data-finding="no-profile"]')).toBeVisible();
    await page.goto("/namespaces/scratch");
    await expect(page.getByTestId("findings").locator('[data-finding="no-profile"]')).toBeVisible();
  });

  test("filters and sorts the posture table from the URL", async ({ page }) => {
    await page.goto("/namespaces?enforcement=disabled");
    const rows = page.getByTestId("posture-table").locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-namespace", "outline");
    await page.getByRole("combobox", { name: "Enforcement" }).selectOption("");
    await expect(page).not.toHaveURL(/enforcement=/);
    await page.getByRole("combobox", { name: "Kind" }).selectOption("platform");
    await expect(page).toHaveURL(/kind=platform/);
    await expect(rows.first()).toBeVisible();
    for (const kind of await rows.locator("td:nth-child(2)").allTextContents()) expect(kind).toBe("platform");
  });

  test("a policy description holding HTML renders as text", async ({ page }) => {
    const html = '<img src=x onerror="window.__sieveInjected=1">';
    // `kubectl create -f` sends JSON, which is what the demo API server speaks.
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "e2e-untrusted" } };
    const policy = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "e2e-untrusted-default", namespace: "e2e-untrusted" },
      spec: { description: html, endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] },
    };
    kubectl(["create", "--validate=false", "-f", "-"], JSON.stringify(namespace));
    kubectl(["create", "--validate=false", "-f", "-"], JSON.stringify(policy));
    await page.goto("/namespaces/e2e-untrusted");
    await expect(page.locator("main")).toContainText(html);
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(
      await page.evaluate(() => (window as { __sieveInjected?: number }).__sieveInjected),
    ).toBeUndefined();
    kubectl(["delete", "ciliumnetworkpolicies", "-n", "e2e-untrusted", "e2e-untrusted-default"]);
    kubectl(["delete", "namespace", "e2e-untrusted"]);
  });
});
