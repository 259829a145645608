import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { clusterFactsFromPosture } from "./facts-from-posture";
import { clusterPostureIn } from "./cluster-posture";
import { namespacePostureDetailIn } from "./namespace-posture";
import { buildPostureContext } from "./posture-context";
import { homelab, NOW } from "./testing/homelab";
import type { ClusterKnowledge, UnknownKind } from "@/lib/status/cluster-knowledge";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import type { WatchedKind } from "@/lib/kube/types";

function unknown(kind: WatchedKind, state: UnknownKind["state"], reason: string): UnknownKind {
  return { kind, what: kind, state, since: NOW - 60_000, lastAliveAt: NOW - 60_000, reason };
}

const unreachable: ClusterKnowledge = {
  unknown: WATCHED_KINDS.map(({ kind }) => unknown(kind, "unavailable", "Kubernetes API unreachable")),
};

/** A cluster with nothing in it: what an unreachable API with nothing cached leaves. */
const empty = {
  namespaces: [],
  pods: [],
  networkpolicies: [],
  ciliumnetworkpolicies: [],
  ciliumclusterwidenetworkpolicies: [],
};

describe("posture from data that is not known current", () => {
  it("with the API unreachable and nothing cached: no CNI verdict, no baseline missing, no finding", () => {
    const posture = clusterPostureIn(
      buildPostureContext(empty, DEFAULT_CONVENTIONS, { knowledge: unreachable }),
      NOW,
    );
    expect(posture.cni).toMatchObject({ known: false, enforcing: false });
    expect(posture.findings).toEqual([]);
    expect(Object.values(posture.baselines).map((b) => b.status)).toEqual(["unknown", "unknown", "unknown"]);
    expect(posture.knowledge).toBe(unreachable);
    // The same empty cluster, known current, is a cluster without a CNI: the guard is what differs.
    const known = clusterPostureIn(buildPostureContext(empty, DEFAULT_CONVENTIONS), NOW);
    expect(known.findings.map((f) => f.code)).toContain("cni-not-enforcing");
  });

  it("says unknown, not 'not found', for a namespace while the namespaces are not known", () => {
    const context = buildPostureContext(empty, DEFAULT_CONVENTIONS, { knowledge: unreachable });
    const detail = namespacePostureDetailIn(context, "mealie", NOW);
    expect(detail).toMatchObject({
      name: "mealie",
      findings: [],
      unknown: "unknown — Kubernetes API unreachable",
    });
    expect(
      namespacePostureDetailIn(buildPostureContext(empty, DEFAULT_CONVENTIONS), "mealie", NOW),
    ).toBeNull();
  });

  it("without the right to read CNPs, keeps last-known namespaces but draws no finding from them", () => {
    const knowledge = {
      unknown: [unknown("ciliumnetworkpolicies", "forbidden", "no right to read CiliumNetworkPolicies")],
    };
    const objects = homelab({ withoutBaselines: true });
    const posture = clusterPostureIn(buildPostureContext(objects, DEFAULT_CONVENTIONS, { knowledge }), NOW);
    expect(posture.namespaces.map((ns) => ns.name)).toContain("shop");
    expect(posture.findings).toEqual([]);
    expect(posture.namespaces.every((ns) => ns.findings.length === 0 && ns.unknown !== null)).toBe(true);
    expect(posture.cni.known).toBe(true);
    // Baselines are CCNPs, still readable: they are judged.
    expect(posture.baselines.dns.status).toBe("missing");
    const facts = clusterFactsFromPosture(posture, objects.namespaces, knowledge);
    expect(facts.unknown).toBe("unknown — no right to read CiliumNetworkPolicies");
  });
});
