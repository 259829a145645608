import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

const KUBECONFIG = ".sieve/e2e/kubeconfig";

function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, ...args], { encoding: "utf8", input });
}

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

  test("the escape-hatch namespace shows what re-enabling would drop, and why no change fixes it", async ({
    page,
  }) => {
    await page.goto("/namespaces/outline");
    const audit = page.getByTestId("reenable-audit");
    // The demo's outline sends SMTP on 465, which no policy allows once the escape hatch closes.
    await expect(audit).toHaveAttribute("data-verdict", "would-drop");
    await expect(page.getByTestId("reenable-verdict")).toContainText(
      /^re-enabling now would drop \d+ flows? of 1 kind/,
    );
    const smtp = audit.getByTestId("would-be-drop").first();
    await expect(smtp).toHaveAttribute("data-dropped-at", "egress");
    await expect(smtp).toContainText("nothing allows TCP 465 to world (smtp.fastmail.com");
    await page.getByRole("button", { name: "Fix and re-enable" }).click();
    await expect(page.getByTestId("fix")).toHaveAttribute("data-kind", "no-fix");
    await expect(page.getByTestId("fix-explanation")).toContainText("Re-enabling would drop");

    await page.goto("/namespaces?enforcement=disabled");
    const row = page.getByTestId("posture-table").locator('tr[data-namespace="outline"]');
    await expect(row.getByTestId("reenable-short")).toContainText(
      /^re-enable would drop \d+ flows? of 1 kind$/,
    );
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
