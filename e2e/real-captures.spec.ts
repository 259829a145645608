import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { GraphSnapshot } from "../lib/graph/graph-snapshot";
import { DEMO_CONTROL_URL } from "../playwright.config";

// The 39 published `hubble observe -o json` lines (../shared/fixtures/hubble/real-flows.jsonl, see
// SOURCES.md there), published on the demo relay and read by Sieve over gRPC like any relay's
// flows. The only edit: each line's time moves to the last second, in the captured order, so the
// views' windows hold them.

const REAL = path.resolve(__dirname, "..", "../shared/fixtures/hubble/real-flows.jsonl");

function realFlows(now: number): Record<string, unknown>[] {
  const lines = readFileSync(REAL, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines.map((line, index) => {
    const parsed = JSON.parse(line) as { flow?: Record<string, unknown> } & Record<string, unknown>;
    const flow = parsed.flow ?? parsed;
    return { ...flow, time: new Date(now - (lines.length - index) * 10).toISOString() };
  });
}

const AUDIT_EDGE = "ns:flux-system>kube-apiserver:tcp:6443:ingress";
const NODE_LOCAL_DNS_EDGE = "ns:istio-system>ns:kube-system:tcp:9253:egress";

test.describe("real Hubble captures replayed on the demo relay", () => {
  test.beforeAll(async ({ request }) => {
    const published = await request.post(`${DEMO_CONTROL_URL}/flows`, {
      data: realFlows(Date.now()),
      headers: { "Content-Type": "application/json" },
    });
    expect(published.ok(), await published.text()).toBe(true);
  });

  test("reads replies, audits, unknowns and L7 failures as they are", async ({ page, request }) => {
    // The graph: the AUDIT listed with the drops, worded as an audit; no edge on an ephemeral port.
    await page.goto("/");
    const audited = page.locator(`[data-testid="dropping-edges"] [data-edge-id="${AUDIT_EDGE}"]`);
    await expect(audited).toContainText("1 audit (would be dropped)");
    const graph = (await (await request.get("/api/graph?window=5m")).json()) as GraphSnapshot;
    const ephemeral = graph.edges.filter((e) => typeof e.port === "number" && e.port >= 32_768);
    expect(ephemeral.map((e) => e.id)).toEqual([]);
    expect(graph.edges.map((e) => e.id)).not.toContain("ns:kube-system>host:tcp:50908:ingress");

    // The node-local DNS pods under the world identity stay pods of kube-system, with their 503s.
    await page.goto(`/?edge=${encodeURIComponent(NODE_LOCAL_DNS_EDGE)}`);
    await expect(page.getByTestId("edge-l7-failures")).toHaveText("L7 failures: 2 HTTP 5xx");

    // /drops: the same audit count, an unknown namespace said as such, no direction not blamed on egress.
    await page.goto("/drops");
    const groups = page.getByTestId("drop-groups");
    const flux = groups.locator('> li[data-namespace="flux-system"]');
    await expect(flux.getByTestId("drop-count")).toHaveText("1 audit (would be dropped)");
    const unknown = groups.locator('> li[data-namespace="namespace-name"]');
    await expect(unknown).toHaveAttribute("data-class", "unknown-namespace");
    await expect(unknown).toContainText("Dropped in an unknown namespace");
    await expect(unknown).not.toContainText("Namespace without a profile");
    const undirected = groups.locator('> li[data-class="policy-denied-side-unknown"]');
    await expect(undirected).toContainText("default/xwing → default/deathstar-7848d6c4d5-th9v2 on TCP 80");
    await expect(undirected).not.toContainText(/no rule allows egress/i);

    // The namespace page counts the audit the same way.
    await page.goto("/namespaces/flux-system");
    await expect(page.getByTestId("namespace-drops").getByTestId("drop-count")).toHaveText(
      "1 audit (would be dropped)",
    );
  });
});
