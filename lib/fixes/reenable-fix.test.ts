import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { connectionAllowed } from "@/lib/evaluator/evaluate-flow";
import { buildEvaluationContext } from "@/lib/evaluator/evaluation-context";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import { homelabCluster, homelabPod, PODS } from "@/lib/evaluator/testing/homelab-cluster";
import { wouldBeDrops } from "@/lib/evaluator/would-be-drops";
import { changeProblem } from "@/lib/gitops/change";
import { ns } from "@/lib/policy/testing/builders";
import { homelab } from "@/lib/posture/testing/homelab";
import { applyChanges } from "./apply-change";
import { reenableFix } from "./reenable-fix";
import { escapeHatchFlows, observed, podPeer, times } from "./testing/flows";

const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const KEY = DEFAULT_CONVENTIONS.enforcementLabel;
const { toWorld, toDns, fromGateway } = escapeHatchFlows;

const removal = { type: "set-namespace-labels", namespace: "broken", set: {}, remove: [KEY] };

function fixFor(flows: ReturnType<typeof toWorld>[], labelInGit: boolean) {
  return reenableFix({ audit: wouldBeDrops("broken", flows, context), observed: flows, context, labelInGit });
}

describe("reenableFix", () => {
  const flows = [...times(5, toWorld), ...times(2, fromGateway), ...times(3, toDns)];

  it("fixes every would-be drop and removes the label from git, proven with enforcement on", () => {
    const { plan, drops, samples } = fixFor(flows, true);
    expect(drops).toHaveLength(7);
    expect(drops.every((d) => d.verdict === "DROPPED")).toBe(true);
    expect(samples.reduce((n, s) => n + s.count, 0)).toBe(7);
    if (plan.proposal.kind !== "change") throw new Error(plan.proposal.explanation);
    const { changes, steps } = plan.proposal;
    for (const change of changes) expect(changeProblem(change)).toBeNull();
    expect(changes.at(-1)).toEqual(removal);
    expect(steps.at(-1)).toBe(`Remove ${KEY} from namespace broken in git (re-enables enforcement)`);
    // Merged: the label is gone and every observed flow of the namespace still passes.
    const after = applyChanges(context, changes);
    expect(after.namespaces.get("broken")!.labels).not.toHaveProperty(KEY);
    expect(flows.every((f) => connectionAllowed(queryFromFlow(f), after))).toBe(true);
    expect(plan.proof).toMatchObject({ fixes: 7, dropsInScope: 7, stillDropped: 0, newlyDropped: 0 });
    expect(plan.why?.sentence).toMatch(/^dropped on /);
  });

  it("leaves the label to kubectl when git does not carry it", () => {
    const { plan } = fixFor(flows, false);
    if (plan.proposal.kind !== "change") throw new Error(plan.proposal.explanation);
    expect(plan.proposal.changes).not.toContainEqual(removal);
    expect(plan.proposal.steps.at(-1)).toBe(
      `Not in git: after merging, run kubectl label namespace broken ${KEY}-`,
    );
    expect(plan.proof?.fixes).toBe(7);
  });

  it("with nothing that would drop, only removes the label, or says there is nothing to change", () => {
    const inGit = fixFor(times(3, toDns), true).plan;
    expect(inGit.proposal).toMatchObject({ kind: "change", changes: [removal], fixed: 0, total: 0 });
    expect(inGit.proof).toMatchObject({ newlyDropped: 0, fixes: 0 });
    const notInGit = fixFor(times(3, toDns), false).plan;
    expect(notInGit.proposal.kind).toBe("no-fix");
    expect(notInGit.proposal.kind !== "change" && notInGit.proposal.explanation).toContain(
      `kubectl label namespace broken ${KEY}-`,
    );
  });
});

describe("reenableFix for hatch's DNS in the posture homelab", () => {
  // coredns's ingress is default deny there (CNP kube-system/kube-system-default allows health,
  // scrape and HBONE only), so re-enabling hatch would drop its DNS at coredns, not at hatch.
  const hatchContext = buildEvaluationContext(
    homelab({
      namespaces: [
        ns("hatch", {
          [DEFAULT_CONVENTIONS.profileLabel]: "internal",
          [KEY]: DEFAULT_CONVENTIONS.enforcementDisabledValue,
        }),
      ],
    }),
    DEFAULT_CONVENTIONS,
  );
  const dns = () =>
    observed(
      podPeer(homelabPod("hatch", { app: "app" }, "app-1")),
      podPeer(PODS.coredns, "10.244.0.53"),
      53,
      {
        verdict: "FORWARDED",
        protocol: "UDP",
      },
    );

  it("proposes no rule for hatch's DNS, which the policies deny with the escape hatch open too, only the label's removal", () => {
    const flows = times(3, dns);
    const audit = wouldBeDrops("hatch", flows, hatchContext);
    const { plan, drops } = reenableFix({ audit, observed: flows, context: hatchContext, labelInGit: true });
    expect(drops).toEqual([]);
    if (plan.proposal.kind !== "change") throw new Error(plan.proposal.explanation);
    expect(plan.proposal.changes).toEqual([
      { type: "set-namespace-labels", namespace: "hatch", set: {}, remove: [KEY] },
    ]);
    expect(plan.proposal.explanation).toBe(
      "Nothing observed would drop once enforcement is re-enabled on hatch; 3 flows of 1 kind are denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to them is unknown.",
    );
  });
});
