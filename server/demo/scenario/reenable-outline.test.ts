import { describe, expect, it } from "vitest";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { connectionAllowed } from "@/lib/evaluator/evaluate-flow";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import { withEnforcementEnabled, wouldBeDrops } from "@/lib/evaluator/would-be-drops";
import { reenableFix } from "@/lib/fixes/reenable-fix";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { labelSetByHand } from "@/lib/posture/enforcement";
import { reenableVerdict } from "@/lib/posture/reenable-verdict";
import { homelabObjects } from "./homelab-objects";
import { createTrafficGenerator } from "./traffic";

// The demo's escape hatch: outline has had enforcement disabled for more than a day and real
// traffic flows through it, among it SMTP on 465 that no policy allows. The virtual audit finds
// exactly that; its database traffic would still pass.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const WINDOW_MS = 15 * 60_000;
const objects = homelabObjects(NOW);
const cluster = clusterObjectsOf(objects);
const view = pipelineView(cluster, {}, NOW);
const flows: Flow[] = createTrafficGenerator(objects, { now: () => NOW })
  .backfill(NOW - WINDOW_MS, NOW)
  .map(flowFromHubbleJson);
const KEY = view.conventions.enforcementLabel;
const outline = (f: Flow) => f.source.namespace === "outline" || f.destination.namespace === "outline";

describe("re-enabling enforcement on outline", () => {
  const audit = wouldBeDrops("outline", flows, view.evaluation);

  it("finds would-be drops, by cause, with the evaluator's sentences", () => {
    expect(flows.filter(outline).length).toBeGreaterThan(0);
    expect(audit.drops).toBeGreaterThan(0);
    for (const cause of audit.causes) expect(cause.sentence).toMatch(/^dropped on (egress|ingress) of /);
    const verdict = reenableVerdict(audit, NOW - WINDOW_MS, NOW);
    expect(verdict.kind).toBe("would-drop");
    expect(verdict.short).toBe(`re-enable would drop ${audit.drops} flows of 1 kind`);
    expect(audit.causes[0]).toMatchObject({
      droppedAt: "egress",
      reason: "no-rule-allows",
      flows: audit.drops,
    });
    expect(audit.causes[0]!.connection).toContain("smtp.fastmail.com");
    expect(audit.causes[0]!.sentence).toContain("nothing allows TCP 465 to world (smtp.fastmail.com");
    // Its other traffic (postgres, the gateway) would still pass.
    const enabled = withEnforcementEnabled(view.evaluation, "outline");
    const passing = flows.filter(
      (f) => outline(f) && f.verdict === "FORWARDED" && f.isReply !== true && !audit.flows.includes(f),
    );
    expect(passing.length).toBeGreaterThan(0);
    expect(passing.every((f) => connectionAllowed(queryFromFlow(f), enabled))).toBe(true);
  });

  it("the escape hatch was opened with kubectl, not by git", () => {
    const namespace = cluster.namespaces.find((ns) => ns.metadata.name === "outline")!;
    expect(labelSetByHand(namespace.metadata.managedFields, KEY)).toBe(true);
  });

  it("says no change in the conventions' vocabulary fixes SMTP, rather than proposing to re-enable", () => {
    const { plan, drops } = reenableFix({
      audit,
      observed: flows,
      context: view.evaluation,
      labelInGit: true,
    });
    expect(drops).toHaveLength(audit.drops);
    expect(plan.proposal.kind).toBe("no-fix");
    expect(plan.proposal.kind !== "change" && plan.proposal.explanation).toMatch(
      /^Re-enabling would drop \d+ observed flow\(s\), and no change .* nothing allows TCP 465/,
    );
    expect(plan.why?.sentence).toContain("TCP 465");
  });
});
