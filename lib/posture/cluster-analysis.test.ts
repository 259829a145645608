import { describe, expect, it } from "vitest";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import type { ManagedFieldsEntry } from "@/lib/kube/types";
import { ns } from "@/lib/policy/testing/builders";
import { analysisAt, analyzeCluster } from "./cluster-analysis";
import { homelab, NOW } from "./testing/homelab";

// The escape hatch opened at 11:58 on a cluster read at 12:00 (NOW): the posture changes with the clock.
const hatch = ns(
  "hatch",
  { "network-policy.homelab/profile": "standard", "network-policy.homelab/enforcement": "disabled" },
  {
    managedFields: [
      {
        manager: "kubectl-label",
        operation: "Update",
        time: "2025-03-01T11:58:00Z",
        fieldsV1: { "f:metadata": { "f:labels": { "f:network-policy.homelab/enforcement": {} } } },
      } satisfies ManagedFieldsEntry,
    ],
  },
);

describe("analysisAt", () => {
  const objects = homelab({ namespaces: [hatch] });
  const first = analyzeCluster(objects, clusterConventions(objects), NOW);

  it("is what a full analysis at the later moment gives", () => {
    const later = NOW + 25 * 60 * 60_000;
    const again = analysisAt(first, later);
    const full = analyzeCluster(objects, clusterConventions(objects), later);
    expect(again.posture).toEqual(full.posture);
    expect(again.facts).toEqual(full.facts);
    expect(again.rows).toEqual(full.rows);
    const severity = (posture: typeof full.posture) =>
      posture.namespaces
        .find((n) => n.name === "hatch")
        ?.findings.find((f) => f.code === "enforcement-disabled")?.severity;
    expect(severity(first.posture)).toBe("info");
    expect(severity(again.posture)).toBe("critical");
  });

  it("keeps the context and what does not depend on the clock", () => {
    const again = analysisAt(first, NOW + 60_000);
    expect(again.context).toBe(first.context);
    expect(again.evaluation).toBe(first.evaluation);
    expect(again.rows).toBe(first.rows);
  });
});

describe("analysisAt without an open escape hatch", () => {
  const objects = homelab();
  const first = analyzeCluster(objects, clusterConventions(objects), NOW);

  it("keeps every namespace's posture and the facts, with the new time", () => {
    const later = NOW + 25 * 60 * 60_000;
    const again = analysisAt(first, later);
    expect(again.posture.namespaces).toBe(first.posture.namespaces);
    expect(again.facts).toBe(first.facts);
    expect(again.posture.generatedAt).toBe(new Date(later).toISOString());
    expect(again.posture).toEqual(analyzeCluster(objects, clusterConventions(objects), later).posture);
  });
});
