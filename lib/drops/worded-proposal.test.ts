import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { FixProposal } from "@/lib/fixes/fix-proposal";
import type { GitOpsChange } from "@/lib/gitops/change";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { classifyDrop } from "./classify-drop";
import type { ClusterFacts } from "./cluster-facts";

const C = DEFAULT_CONVENTIONS;
const PROFILE = C.profileLabel;
const facts: ClusterFacts = {
  namespaceLabels: { shop: { [PROFILE]: "isolated" } },
  dnsBaselinePresent: true,
  scrapeBaselinePresent: true,
  healthBaselinePresent: true,
};
const shop = testPeer({ namespace: "shop", pod: "shop-0", workload: "shop", labels: {} });
const world = testPeer({ namespace: null, pod: null, workload: null, reserved: "world", ip: "203.0.113.7" });
const postgres = testPeer({ namespace: "database", pod: "postgres-0", workload: "postgres", labels: {} });
const toWorld = testFlow({
  verdict: "DROPPED",
  dropReason: "POLICY_DENIED",
  direction: "egress",
  source: shop,
  destination: world,
  destinationPort: 443,
});
const toPostgres = { ...toWorld, destination: postgres, destinationPort: 5432 };

const setLabel = (key: string, value: string): GitOpsChange => ({
  type: "set-namespace-labels",
  namespace: "shop",
  set: { [key]: value },
  remove: [],
});

type ChangeProposal = Extract<FixProposal, { kind: "change" }>;

function proposal(changes: GitOpsChange[][], steps: string[]): ChangeProposal {
  return {
    kind: "change",
    changes: changes[0]!,
    steps,
    fixed: 1,
    total: 1,
    explanation: "Now: dropped. With the change: allowed.",
    alternatives: changes.slice(1).map((c, i) => ({ changes: c, summary: `alternative ${i}` })),
  };
}

describe("the drop table words the evaluator's proposal", () => {
  it("a profile proposal fills the class's template, with the proposal's profile alternatives", () => {
    const decided = proposal(
      [
        [setLabel(PROFILE, "standard")],
        [setLabel("access.network-policy.homelab/postgres", "true")],
        [setLabel(PROFILE, "internal-egress")],
      ],
      ["Switch namespace shop from isolated to profile standard"],
    );
    const result = classifyDrop(toWorld, facts, C, decided);
    expect(result.classId).toBe("world-https-not-allowed");
    // The table alone would say internal-egress; the evaluator decided standard, and that is what shows.
    expect(classifyDrop(toWorld, facts, C).fix).toContain(`${PROFILE}: internal-egress on namespace shop`);
    expect(result.fix).toBe(
      `Set ${PROFILE}: standard on namespace shop (or internal-egress, for internal apps calling external APIs).`,
    );
    expect(result.change).toEqual(setLabel(PROFILE, "standard"));
  });

  it("a proposal the class's template does not describe is worded by its own steps", () => {
    const decided = proposal(
      [[setLabel("access.network-policy.homelab/other", "true")]],
      ["Add access.network-policy.homelab/other=true to namespace shop (Other on 5432)"],
    );
    const result = classifyDrop(toPostgres, facts, C, decided);
    expect(result.classId).toBe("access-label-missing/postgres");
    expect(result.fix).toBe(
      "Add access.network-policy.homelab/other=true to namespace shop (Other on 5432).",
    );
    expect(result.change).toEqual(setLabel("access.network-policy.homelab/other", "true"));
  });

  it("several changes are worded as steps, and the classification carries the first", () => {
    const first = setLabel("access.network-policy.homelab/postgres", "true");
    const decided: ChangeProposal = {
      ...proposal([[first]], ["Add the postgres label", "Switch to standard"]),
      changes: [first, setLabel(PROFILE, "standard")],
    };
    const result = classifyDrop(toPostgres, facts, C, decided);
    expect(result.fix).toBe("Add the postgres label; then Switch to standard.");
    expect(result.change).toEqual(first);
  });

  it("when the policies already allow it, the fix says so instead of proposing a label", () => {
    const allowed: FixProposal = { kind: "already-allowed", explanation: "The current policies allow it." };
    const result = classifyDrop(toPostgres, facts, C, allowed);
    expect(result.fix).toBe("The current policies allow it.");
    expect(result.change).toBeNull();
  });

  it("without a change to propose, the table's own advice stands", () => {
    const none: FixProposal = { kind: "no-fix", explanation: "No label fixes it." };
    expect(classifyDrop(toPostgres, facts, C, none)).toEqual(classifyDrop(toPostgres, facts, C));
  });

  it("a drop no policy change fixes ignores the proposal", () => {
    const datapath = { ...toPostgres, dropReason: "CT_MAP_INSERTION_FAILED" };
    const decided = proposal([[setLabel("access.network-policy.homelab/postgres", "true")]], ["Add it"]);
    const result = classifyDrop(datapath, facts, C, decided);
    expect(result.change).toBeNull();
    expect(result.fix).toContain("No policy change will fix this.");
  });
});
