import { expect, test, type Page } from "@playwright/test";

// Issue #5's journey for every row of the runbook's drop table: open the red edge, ask Why? and
// Fix, read the proposed change and its proof, and open the prefilled pull request on the demo's
// Gitea-style forge.

interface Row {
  row: string;
  edge: string;
  /** What the Fix proposes; null when no change in the conventions fixes it. */
  step: RegExp | null;
  /** The same change as the edge panel's classification words it. */
  card?: string;
  explanation?: RegExp;
  alsoOpens?: RegExp;
  namespace: string;
}

const ROWS: Row[] = [
  {
    row: "egress to kube-dns :53",
    edge: "ns:uptime-kuma>ns:kube-system:udp:53:egress",
    step: null,
    explanation: /deny rules win over allows/,
    namespace: "uptime-kuma",
  },
  {
    row: "egress to postgres :5432",
    edge: "ns:mealie>ns:database:tcp:5432:egress",
    step: /Add access\.network-policy\.homelab\/postgres=true to namespace mealie/,
    card: 'access.network-policy.homelab/postgres: "true" to namespace mealie',
    namespace: "mealie",
  },
  {
    row: "egress to dragonfly :6379",
    edge: "ns:n8n>ns:cache:tcp:6379:egress",
    step: /Add access\.network-policy\.homelab\/dragonfly=true to namespace n8n/,
    card: 'access.network-policy.homelab/dragonfly: "true" to namespace n8n',
    namespace: "n8n",
  },
  {
    row: "egress to garage :3900",
    edge: "ns:actions-runner>ns:garage:tcp:3900:egress",
    step: /Add access\.network-policy\.homelab\/garage-s3=true to namespace actions-runner/,
    card: 'access.network-policy.homelab/garage-s3: "true" to namespace actions-runner',
    namespace: "actions-runner",
  },
  {
    row: "egress to kube-apiserver :6443",
    edge: "ns:homepage>kube-apiserver:tcp:6443:egress",
    step: /Add access\.network-policy\.homelab\/kube-api=true to namespace homepage/,
    card: 'access.network-policy.homelab/kube-api: "true" to namespace homepage',
    alsoOpens: /kube-apiserver on 443\/TCP/,
    namespace: "homepage",
  },
  {
    row: "egress to world :443",
    edge: "ns:batch-jobs>world:tcp:443:egress",
    step: /Switch namespace batch-jobs from isolated to profile internal-egress/,
    card: "network-policy.homelab/profile: internal-egress on namespace batch-jobs",
    alsoOpens: /ingress from the internal gateway/,
    namespace: "batch-jobs",
  },
  {
    row: "ingress from istio-gateway",
    edge: "ns:istio-gateway>ns:stirling-pdf:tcp:8080:ingress",
    step: /Switch namespace stirling-pdf from isolated to profile internal/,
    card: "network-policy.homelab/profile: internal on namespace stirling-pdf",
    alsoOpens: /ingress from the internal gateway/,
    namespace: "stirling-pdf",
  },
  {
    row: "ingress from monitoring/prometheus",
    edge: "ns:monitoring>ns:jellyfin:tcp:8096:ingress",
    step: null,
    explanation: /scrape baseline opens/,
    namespace: "jellyfin",
  },
  {
    row: "HBONE to a platform namespace without the rule",
    edge: "ns:istio-system>ns:cache:tcp:15008:ingress",
    step: /Add 2 rules to the platform CNP of cache: HBONE/,
    card: "to the platform CNP of cache",
    alsoOpens: /egress to ztunnel/,
    namespace: "cache",
  },
];

async function openFix(page: Page, edge: string) {
  await page.goto(`/?edge=${encodeURIComponent(edge)}`);
  const panel = page.getByTestId("edge-panel");
  await panel.getByRole("button", { name: "Why? and Fix" }).click();
  const fix = panel.getByTestId("fix-panel");
  await expect(fix.getByTestId("why-sentence")).toContainText("dropped on");
  return fix;
}

for (const row of ROWS) {
  test(`${row.row}: Fix shows the change, its proof and a prefilled pull request`, async ({ page }) => {
    const fix = await openFix(page, row.edge);
    if (row.step === null) {
      await expect(fix.getByTestId("fix")).toHaveAttribute("data-kind", "no-fix");
      await expect(fix.getByTestId("fix-explanation")).toContainText(row.explanation!);
      return;
    }
    await expect(fix.getByTestId("fix")).toHaveAttribute("data-kind", "change");
    await expect(fix.getByTestId("fix-steps")).toContainText(row.step);
    // The edge panel's classification words the very change the Fix panel proposes.
    const card = page.getByTestId("edge-panel").getByTestId("drop-classification").first();
    await expect(card.getByTestId("drop-fix")).toContainText(row.card!);

    // The proof: every drop of this edge is let through, and anything else it opens is named.
    const total = await fix.getByTestId("proof-drops").textContent();
    expect(Number(total)).toBeGreaterThan(0);
    await expect(fix.getByTestId("proof-fixes")).toHaveText(total!);
    if (row.alsoOpens) await expect(fix.getByTestId("proof-also-opens")).toContainText(row.alsoOpens);
    else
      await expect(fix.getByTestId("proof-sentence")).toContainText(
        "opens nothing beyond the observed drops",
      );

    await expect(fix.getByTestId("fix-diff").first()).toContainText(row.namespace);
    // The diff is proven by rendering the repository as Flux would, before and after.
    const renderProof = fix.getByTestId("render-proof");
    await expect(renderProof).toContainText(row.namespace);
    await expect(renderProof).toContainText("nothing else changes");
    await fix.getByRole("button", { name: "Open pull request" }).click();
    const link = fix.getByTestId("pull-request-link");
    await expect(link).toBeVisible({ timeout: 20_000 });
    const url = new URL((await link.getAttribute("href"))!);
    expect(url.pathname).toMatch(/^\/homelab\/gitops\/compare\/main\.\.\.sieve\/fix-[a-z0-9./-]+$/);
    expect(url.searchParams.get("title")).toContain(row.namespace);
    expect(url.searchParams.get("body")).toContain("Proposed by Sieve");

    // The demo forge shows the branch's diff and the prefilled title, as Gitea would.
    await page.goto(url.toString());
    await expect(page.locator("main")).toContainText(`network-policy(${row.namespace})`);
    await expect(page.locator("main")).toContainText("Proposed by Sieve");
  });
}
