import { describe, expect, it } from "vitest";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { groupDrops } from "@/lib/drops/drop-groups";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import type { FixProposal } from "@/lib/fixes/fix-proposal";
import { fixPlan } from "@/lib/fixes/fix-plan";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import type { Flow } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { homelabObjects } from "./homelab-objects";
import { createTrafficGenerator } from "./traffic";

// One why/fix pipeline over the demo's intended drops (intended-drops.test.ts lists them): the
// drops view (a drop group), the edge panel (an edge's drops) and the Fix panel of either scope
// name the same change, and the drop table's own wording agrees with the evaluator's choice.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const WINDOW_MS = 15 * 60_000;
const objects = homelabObjects(NOW);
const view = pipelineView(clusterObjectsOf(objects), {}, NOW);
const flows: Flow[] = createTrafficGenerator(objects, { now: () => NOW })
  .backfill(NOW - WINDOW_MS, NOW)
  .map(flowFromHubbleJson);
const drops = flows.filter((f) => f.verdict === "DROPPED");

/** What the Fix panel of a scope shows, computed as the fix service computes it. */
function fixPanel(scope: readonly Flow[]): FixProposal {
  const newest = scope.reduce((a, b) => (b.time > a.time ? b : a));
  return fixPlan(scope, scope, view.evaluation, classifyDrop(newest, view.facts, view.conventions)).proposal;
}

function firstChange(proposal: FixProposal): GitOpsChange | null {
  return proposal.kind === "change" ? proposal.changes[0]! : null;
}

function summary(change: GitOpsChange | null): string {
  if (change === null) return "none";
  if (change.type === "set-namespace-labels")
    return `${change.namespace}: ${Object.entries(change.set)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`;
  return `${change.namespace}: ${change.type}`;
}

describe("the demo's intended drops, from the drops view to the Fix panel", () => {
  const answers = dropAnswers(drops, view.facts, view.evaluation, WINDOW_MS);
  const groups = groupDrops(drops, answers.classify, { answer: answers.answer });

  it("each drop group's classification names the first change of its Fix panel's proposal", () => {
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const scope = drops.filter((f) => classifyDrop(f, view.facts, view.conventions).groupKey === group.key);
      expect(scope.length, group.key).toBe(group.count);
      const proposal = fixPanel(scope);
      expect(group.classification.change, group.key).toEqual(firstChange(proposal));
      if (proposal.kind === "change" && proposal.changes.length === 1 && proposal.steps.length === 1) {
        expect(group.classification.fix, group.key).toContain(proposal.changes[0]!.namespace);
      }
    }
  });

  it("the changes are the ones the scenario means: access labels, the least permissive profile, HBONE rules", () => {
    const decided = groups
      .filter((g) => g.classification.change !== null)
      .map((g) => summary(g.classification.change))
      .sort();
    expect(decided).toEqual([
      "actions-runner: access.network-policy.homelab/garage-s3=true",
      "batch-jobs: network-policy.homelab/profile=internal-egress",
      "cache: add-cnp-rules",
      "grafana-dashboards: network-policy.homelab/profile=internal-egress",
      "homepage: access.network-policy.homelab/kube-api=true",
      "mealie: access.network-policy.homelab/postgres=true",
      "n8n: access.network-policy.homelab/dragonfly=true",
      "scratch: network-policy.homelab/profile=internal-egress",
      "stirling-pdf: network-policy.homelab/profile=internal",
    ]);
  });

  it("the drop table's own wording, without the evaluator, names the same label and value", () => {
    for (const group of groups) {
      const change = group.classification.change;
      if (change?.type !== "set-namespace-labels") continue;
      const newest = group.samples[0]!;
      const table = classifyDrop(newest, view.facts, view.conventions);
      expect(table.change).toBeNull();
      for (const [key, value] of Object.entries(change.set)) {
        expect(table.fix, group.key).toMatch(new RegExp(`^(Add|Set) ${key}: "?${value}"? (to|on) namespace`));
      }
      expect(table.fix).toBe(group.classification.fix);
    }
  });

  it("each dropping edge's classifications name the first change of the edge's Fix panel", () => {
    const edges = new Map<string, Flow[]>();
    for (const flow of drops) edges.set(flowEdgeId(flow), [...(edges.get(flowEdgeId(flow)) ?? []), flow]);
    expect(edges.size).toBeGreaterThan(0);
    for (const [edge, scope] of edges) {
      const classify = dropAnswers(scope, view.facts, view.evaluation, WINDOW_MS).answer;
      const proposal = fixPanel(scope);
      const classes = new Set(scope.map((f) => classify(f).classId));
      // Every intended drop has an edge of its own, so the edge's Fix panel is its group's.
      expect([...classes], edge).toHaveLength(1);
      for (const flow of scope) {
        const classification = classify(flow);
        expect(classification.change, edge).toEqual(classification.policyDrop ? firstChange(proposal) : null);
      }
    }
  });
});
