import { describe, expect, it } from "vitest";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { connectionAllowed } from "@/lib/evaluator/evaluate-flow";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import { withEnforcementEnabled, wouldBeDrops } from "@/lib/evaluator/would-be-drops";
import { reenableFix } from "@/lib/fixes/reenable-fix";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { testPeer } from "@/lib/flows/testing/test-flow";
import { labelSetByHand } from "@/lib/posture/enforcement";
import { reenableVerdict } from "@/lib/posture/reenable-verdict";
import { homelabObjects } from "./homelab-objects";
import { createTrafficGenerator } from "./traffic";

// The demo's escape hatch: outline has had enforcement disabled for more than a day and real
// traffic flows through it, among it the external gateway's, which its profile (internal) does not
// let in. The virtual audit finds exactly that; its database traffic would still pass; switching
// to the standard profile fixes it. A destination no label opens (SMTP on 465) gets no fix.

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
      droppedAt: "ingress",
      reason: "no-rule-allows",
      flows: audit.drops,
    });
    expect(audit.causes[0]!.connection).toContain("istio-gateway");
    expect(audit.causes[0]!.sentence).toContain("TCP 3000");
    expect(
      audit.flows.every(
        (f) => f.source.pod?.startsWith("external-istio") && f.destination.namespace === "outline",
      ),
    ).toBe(true);
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

  it("fixes every would-be drop with the standard profile, proven on the observed traffic", () => {
    const { plan, drops } = reenableFix({
      audit,
      observed: flows,
      context: view.evaluation,
      labelInGit: false,
    });
    expect(drops).toHaveLength(audit.drops);
    expect(plan.proposal.kind).toBe("change");
    expect(plan.proposal.kind === "change" && plan.proposal.changes).toEqual([
      {
        type: "set-namespace-labels",
        namespace: "outline",
        set: { "network-policy.homelab/profile": "standard" },
        remove: [],
      },
    ]);
    expect(plan.proof?.fixes).toBe(audit.drops);
    expect(plan.proof?.newlyDropped).toBe(0);
    expect(plan.proof?.stillDropped).toBe(0);
  });

  it("fixes what the conventions can and names what stays dropped: SMTP on 465 has no change", () => {
    const sample = flows.find((f) => f.source.namespace === "outline" && f.isReply === false)!;
    const smtp: Flow = {
      ...sample,
      id: "smtp",
      destination: testPeer({
        namespace: null,
        pod: null,
        workload: null,
        reserved: "world",
        identity: 2,
        ip: "203.0.113.90",
        dnsNames: ["smtp.fastmail.com"],
      }),
      destinationPort: 465,
    };
    const observed = [...flows, smtp];
    const withSmtp = wouldBeDrops("outline", observed, view.evaluation);
    const { plan, drops } = reenableFix({
      audit: withSmtp,
      observed,
      context: view.evaluation,
      labelInGit: true,
    });
    expect(drops).toHaveLength(withSmtp.drops);
    expect(plan.proposal.kind).toBe("change");
    expect(plan.proposal.kind === "change" && plan.proposal.fixed).toBe(withSmtp.drops - 1);
    expect(plan.proof?.stillDropped).toBe(1);
    expect(plan.proof?.stillDroppedExamples.join(" ")).toContain("TCP 465");
  });
});
