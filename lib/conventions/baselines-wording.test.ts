import { describe, expect, it } from "vitest";
import { computeClusterPosture } from "@/lib/posture/cluster-posture";
import { homelab, NOW } from "@/lib/posture/testing/homelab";
import { ns } from "@/lib/policy/testing/builders";
import { baselinesSentence, enforcementLines } from "./baselines-wording";
import { clusterConventions } from "./cluster-conventions";

describe("baselinesSentence", () => {
  it("says nothing is denied by default when there is no baseline, and posture raises it", () => {
    const objects = homelab({ withoutBaselines: true, namespaces: [ns("open")] });
    const { conventions, report } = clusterConventions(objects);
    expect(report.baselines.policies).toEqual([]);
    expect(baselinesSentence(report.baselines)).toBe("No baseline policy: nothing is denied by default.");
    const posture = computeClusterPosture(objects, conventions, NOW);
    const missing = posture.findings.filter((f) => f.code === "missing-baseline").map((f) => f.message);
    expect(missing).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the cluster-wide dns baseline is missing/),
        expect.stringMatching(/^the cluster-wide health baseline is missing/),
      ]),
    );
  });

  it("says the baselines select every pod when they do", () => {
    const { report } = clusterConventions(homelab());
    expect(report.baselines.policies.length).toBeGreaterThan(0);
    expect(baselinesSentence(report.baselines)).toBe("The baselines select every pod.");
  });
});

describe("enforcementLines", () => {
  it("counts the enforced namespaces and names the disabled and wide-open ones", () => {
    const lines = enforcementLines({ enforced: ["a", "b"], disabled: ["outline"], unselected: [] });
    expect(lines.map((l) => `${l.label}: ${l.text}`)).toEqual([
      "Enforced: 2 namespace(s)",
      "Enforcement disabled (the escape hatch is open): outline",
      "Wide open (no policy selects them, all traffic flows): none",
    ]);
  });
});
