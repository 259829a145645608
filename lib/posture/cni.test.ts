import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { clusterPostureIn } from "./cluster-posture";
import { cniPosture } from "./cni";
import { buildPostureContext } from "./posture-context";
import { homelab, NOW } from "./testing/homelab";

describe("CNI in a repository preview", () => {
  it("is a preview, not a missing CNI: no critical finding, no inert policies", () => {
    const objects = homelab({ withoutCilium: true });
    const posture = clusterPostureIn(
      buildPostureContext(objects, DEFAULT_CONVENTIONS, { cni: "preview" }),
      NOW,
    );
    expect(posture.cni).toMatchObject({ preview: true, enforcing: true, agentPods: 0 });
    expect(posture.cni.message).toContain("repository preview");
    expect(posture.findings.map((f) => f.code)).not.toContain("cni-not-enforcing");
    expect(posture.namespaces.some((ns) => ns.policiesInert)).toBe(false);
  });

  it("still finds a missing CNI on a cluster, which is the default", () => {
    const objects = homelab({ withoutCilium: true });
    const posture = clusterPostureIn(buildPostureContext(objects, DEFAULT_CONVENTIONS), NOW);
    expect(posture.cni).toMatchObject({ preview: false, enforcing: false });
    expect(posture.findings.map((f) => f.code)).toContain("cni-not-enforcing");
    expect(cniPosture([], DEFAULT_CONVENTIONS, "cluster").preview).toBe(false);
  });
});
