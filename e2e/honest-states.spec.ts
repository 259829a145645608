import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type {
  DropsResponse,
  NamespacePostureResponse,
  PostureResponse,
  StatusResponse,
} from "@/lib/api/responses";
import { DEMO_CONTROL_URL } from "../playwright.config";

// Honest states: the demo's API server and relay are frozen (accept, never answer, as a SIGSTOPped
// process) through the demo control hook's fault proxies. While a source hangs, Sieve must say what
// it does not know — "flows unavailable since …", "unknown — Kubernetes API unreachable" — and
// never "No drops", a CNI or baseline verdict, "not found" or a drop class; /api/health must stay
// fast; and once the servers answer again, every page recovers by itself, without a reload.

const HUNG = { timeout: 40_000 };

async function fault(request: APIRequestContext, body: Record<string, unknown>) {
  const response = await request.post(`${DEMO_CONTROL_URL}/faults`, { data: body });
  expect(response.ok(), await response.text()).toBe(true);
}

async function json<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

/** /api/health answers within a second while a source hangs. */
async function expectHealthFast(request: APIRequestContext) {
  const started = Date.now();
  const response = await request.get("/api/health", { timeout: 5_000 });
  expect(response.ok()).toBe(true);
  expect(Date.now() - started).toBeLessThan(1_000);
}

const NO_DROPS = ["No drops", "No dropped flows"];
const CLUSTER_CONCLUSIONS = ["No enforcing CNI", "baseline missing", "not found"];

async function expectNone(page: Page, texts: readonly string[]) {
  const body = page.locator("body");
  for (const text of texts) await expect(body).not.toContainText(text);
}

test.describe("honest states while a source hangs", () => {
  test.describe.configure({ timeout: 150_000 });

  test.afterEach(async ({ request }) => {
    await fault(request, { kube: "pass", relay: "pass", forbid: [], acceptToken: true });
  });

  test("relay stopped: 'flows unavailable since', never 'No drops'; recovers without a reload", async ({
    page,
    request,
  }) => {
    // A namespace with no drop in the window: the one whose card would say "No drops".
    const drops = await json<DropsResponse>(request, "/api/drops?window=15m");
    const posture = await json<PostureResponse>(request, "/api/posture");
    const dropping = new Set(drops.groups.map((g) => g.namespace));
    const quiet = posture.posture.namespaces.map((ns) => ns.name).find((name) => !dropping.has(name));
    expect(quiet).toBeDefined();

    await page.goto(`/namespaces/${encodeURIComponent(quiet!)}`);
    await fault(request, { relay: "freeze" });
    const banner = page.getByTestId("flows-unavailable").first();
    await expect(banner).toContainText("Flows unavailable since", HUNG);
    await expectNone(page, NO_DROPS);
    await expectHealthFast(request);
    const status = await json<StatusResponse>(request, "/api/status");
    expect(["stalled", "unavailable"]).toContain(status.hubble.source?.state);
    expect(status.hubble.health).not.toBe("ok");

    await page.goto("/drops");
    await expect(page.getByTestId("flows-unavailable").first()).toBeVisible(HUNG);
    await expectNone(page, NO_DROPS);
    await page.goto("/");
    await expect(page.getByTestId("flows-unavailable").first()).toBeVisible(HUNG);
    await expectNone(page, NO_DROPS);

    await fault(request, { relay: "pass" });
    await expect(page.getByTestId("flows-unavailable")).toHaveCount(0, HUNG);
    await expect(page.getByTestId("hubble-status")).toHaveAttribute("data-health", "ok", HUNG);
  });

  test("API server stopped: 'unknown', no CNI, baseline, 'not found' or drop class; recovers by itself", async ({
    page,
    request,
  }) => {
    await page.goto("/namespaces");
    await expect(page.locator('[data-baseline="dns"]')).toHaveAttribute("data-status", "present");
    await fault(request, { kube: "freeze" });
    const unknown = page.getByTestId("kubernetes-unknown").first();
    await expect(unknown).toContainText("unknown — Kubernetes API unreachable since", HUNG);
    await expect(page.locator('[data-baseline="dns"]')).toHaveAttribute("data-status", "unknown", HUNG);
    await expectNone(page, CLUSTER_CONCLUSIONS);
    await expectHealthFast(request);

    const posture = await json<PostureResponse>(request, "/api/posture");
    expect(posture.posture.findings).toEqual([]);
    expect(posture.posture.cni.known).toBe(false);
    expect(posture.posture.knowledge.unknown.map((u) => u.kind)).toContain("namespaces");
    // A namespace the cache never held is unknown, not "not found".
    const never = await json<NamespacePostureResponse>(request, "/api/posture/never-listed-namespace");
    expect(never.posture.unknown).toMatch(/^unknown — Kubernetes API unreachable/);
    const drops = await json<DropsResponse>(request, "/api/drops?window=15m");
    for (const group of drops.groups)
      expect(group.classification.classId).toMatch(/^(cause-unknown|not-a-policy-drop)/);

    await page.goto("/namespaces/mealie");
    await expect(page.getByTestId("namespace-unknown")).toBeVisible(HUNG);
    await expectNone(page, CLUSTER_CONCLUSIONS);
    await page.goto("/drops");
    await expect(page.getByTestId("drop-groups")).toBeVisible();
    await expectNone(page, [...CLUSTER_CONCLUSIONS, "without a profile", "Missing ", "baseline missing"]);

    await fault(request, { kube: "pass" });
    await expect(page.getByTestId("namespace-unknown")).toHaveCount(0, HUNG);
    await expect(page.getByTestId("kubernetes-unknown")).toHaveCount(0, HUNG);
    await expect(page.getByTestId("kubernetes-status")).toHaveAttribute("data-health", "ok", HUNG);
  });

  test("no right to read CiliumNetworkPolicies (403): said per kind, no finding", async ({
    page,
    request,
  }) => {
    await page.goto("/namespaces");
    await fault(request, { forbid: ["ciliumnetworkpolicies"] });
    await expect(page.getByTestId("kubernetes-unknown").first()).toContainText(
      "no right to read CiliumNetworkPolicies",
      HUNG,
    );
    const posture = await json<PostureResponse>(request, "/api/posture");
    expect(posture.posture.findings).toEqual([]);
    expect(posture.posture.namespaces.flatMap((ns) => ns.findings)).toEqual([]);
    await fault(request, { forbid: [] });
    await expect(page.getByTestId("kubernetes-unknown")).toHaveCount(0, HUNG);
  });
});
