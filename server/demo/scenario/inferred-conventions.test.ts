import { describe, expect, it } from "vitest";
import { enforcementLines } from "@/lib/conventions/baselines-wording";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import { clusterObjectsOf, postureDecisions } from "@/lib/conventions/testing/cluster-objects";
import { computeClusterPosture } from "@/lib/posture/cluster-posture";
import { homelabObjects } from "./homelab-objects";

// With no conventions file, the demo must read as it did with the built-in table: inference
// recovers the runbook's vocabulary from the demo's own policies.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);

const objects = clusterObjectsOf(homelabObjects(NOW));
const { conventions, report } = clusterConventions(objects);
const byName = <T extends { name: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : 1));

describe("conventions inferred from the demo homelab's policies", () => {
  it("finds the profile label and the four profiles with what each grants", () => {
    expect(conventions.profileLabel).toBe(DEFAULT_CONVENTIONS.profileLabel);
    expect(conventions.profiles.map((p) => p.name)).toEqual(DEFAULT_CONVENTIONS.profiles.map((p) => p.name));
    expect(conventions.profileGrants).toEqual(DEFAULT_CONVENTIONS.profileGrants);
    expect(report.profileLabel?.evidence.map((e) => e.policyId).sort()).toEqual([
      "CCNP/profile-internal",
      "CCNP/profile-internal-egress",
      "CCNP/profile-isolated",
      "CCNP/profile-standard",
    ]);
  });

  it("describes each profile from its rules", () => {
    const standard = conventions.profiles.find((p) => p.name === "standard")!;
    expect(standard.ingress).toMatch(
      /^istio-gateway pods gateway\.networking\.k8s\.io\/gateway-name=internal and /,
    );
    expect(standard.ingress).toContain("gateway-name=external on 80/TCP");
    expect(standard.egress).toBe("world on 443/TCP");
    expect(conventions.profiles.find((p) => p.name === "isolated")).toMatchObject({
      ingress: "none beyond the baselines",
      egress: "none beyond the baselines",
    });
  });

  it("finds the access labels, their targets and ports, and the target side's ingress rule", () => {
    expect(conventions.accessLabelPrefix).toBe(DEFAULT_CONVENTIONS.accessLabelPrefix);
    expect(conventions.accessLabelValue).toBe(DEFAULT_CONVENTIONS.accessLabelValue);
    const shape = (labels: Conventions["accessLabels"]) =>
      byName(labels).map(({ name, target, ports }) => ({ name, target, ports }));
    expect(shape(conventions.accessLabels)).toEqual(shape(DEFAULT_CONVENTIONS.accessLabels));
    const postgres = report.accessLabels.find((a) => a.name === "postgres")!;
    expect(postgres.evidence[0]?.policyId).toBe("CCNP/access-postgres#specs[0]");
    expect(postgres.targetIngress?.policyId).toBe("CCNP/access-postgres#specs[1]");
    expect(report.accessLabels.find((a) => a.name === "kube-api")?.targetKind).toBe("entity");
  });

  it("finds the escape hatch and baselines that select every pod", () => {
    expect(conventions.enforcementLabel).toBe(DEFAULT_CONVENTIONS.enforcementLabel);
    expect(conventions.enforcementDisabledValue).toBe(DEFAULT_CONVENTIONS.enforcementDisabledValue);
    expect(report.escapeHatch?.evidence[0]?.policyId).toBe("CCNP/enforcement-disabled");
    expect(report.baselines.optIn).toBeNull();
  });

  it("lists the namespace with the escape hatch open apart from the enforced ones, and none wide open", () => {
    const posture = computeClusterPosture(objects, conventions, NOW);
    expect(posture.enforcement.disabled).toEqual(["outline"]);
    expect(posture.enforcement.enforced).not.toContain("outline");
    expect(posture.enforcement.unselected).toEqual([]);
    const lines = enforcementLines(posture.enforcement);
    expect(lines.find((l) => l.state === "disabled")?.text).toBe("outline");
    expect(lines.find((l) => l.state === "enforced")?.text).toBe(
      `${posture.namespaces.length - 1} namespace(s)`,
    );
  });

  it("takes the namespaces with a hand-written namespace-wide CNP for platform ones", () => {
    const present = new Set(objects.namespaces.map((ns) => ns.metadata.name));
    expect(conventions.platformNamespaces).toEqual(
      DEFAULT_CONVENTIONS.platformNamespaces.filter((name) => present.has(name)).sort(),
    );
    expect(report.platformNamespaces.every((p) => p.reason === "own-cnp")).toBe(true);
  });

  it("gives the same posture as the built-in conventions", () => {
    const inferred = computeClusterPosture(objects, conventions, NOW);
    const builtIn = computeClusterPosture(objects, DEFAULT_CONVENTIONS, NOW);
    expect(postureDecisions(inferred)).toEqual(postureDecisions(builtIn));
  });
});
