import { describe, expect, it } from "vitest";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { homelabCluster, homelabPod, PODS } from "@/lib/evaluator/testing/homelab-cluster";
import { observed, podPeer, worldPeer } from "@/lib/fixes/testing/flows";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { ns } from "@/lib/policy/testing/builders";
import { analyzeCluster } from "@/lib/posture/cluster-analysis";
import { homelab } from "@/lib/posture/testing/homelab";
import type { ClusterView } from "./cluster-view";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { reenableAuditOf, reenableVerdicts, wouldDropByEdge } from "./reenable-audit";
import type { SieveRuntime } from "./runtime";

const NOW = Date.UTC(2026, 11, 5, 12);
const MIN = 60_000;
const objects = homelabCluster();
const view: ClusterView = { ...analyzeCluster(objects, clusterConventions(objects), NOW), computedAt: NOW };

function runtimeWith(startedAt: number, times: number[], capacity = 100): SieveRuntime {
  const recentFlows = new RecentFlows(capacity);
  for (const time of times) {
    const flow = observed(podPeer(PODS.broken), worldPeer("1.2.3.4"), 443, { verdict: "FORWARDED" });
    recentFlows.push({ ...flow, time });
  }
  return { startedAt, recentFlows } as unknown as SieveRuntime;
}

describe("the re-enable audit over the recent-flows ring", () => {
  it("audits only namespaces whose escape hatch is open", () => {
    const runtime = runtimeWith(NOW - 30 * MIN, [NOW - MIN]);
    const verdicts = reenableVerdicts(runtime, view, NOW);
    expect(Object.keys(verdicts)).toEqual(["broken"]);
    expect(verdicts.broken!.short).toBe("re-enable would drop 1 flow of 1 kind");
    expect(reenableAuditOf(runtime, view, "app", NOW)).toBeNull();
    const audit = reenableAuditOf(runtime, view, "broken", NOW)!;
    expect(audit.causes).toHaveLength(1);
    expect(audit.causes[0]).toMatchObject({ flows: 1, lastSeen: NOW - MIN });
    expect(audit.causes[0]).not.toHaveProperty("newest");
  });

  it("rests on the traffic since the server started (or the oldest flow replayed), or the oldest a full ring holds", () => {
    const justStarted = reenableVerdicts(runtimeWith(NOW - 2 * MIN, []), view, NOW).broken!;
    expect(justStarted).toMatchObject({ kind: "no-traffic", observedMs: 2 * MIN });
    const full = runtimeWith(NOW - 50 * MIN, [NOW - 3 * MIN, NOW - 2 * MIN], 2);
    expect(reenableVerdicts(full, view, NOW).broken!.observedMs).toBe(3 * MIN);
    const long = reenableVerdicts(runtimeWith(NOW - 5 * 60 * MIN, []), view, NOW).broken!;
    expect(long.observedMs).toBe(60 * MIN);
    const replayed = runtimeWith(NOW - MIN, [NOW - 7 * MIN, NOW - 30_000]);
    expect(reenableVerdicts(replayed, view, NOW).broken!.observedMs).toBe(7 * MIN);
  });

  it("counts would-be drops by graph edge for the graph's window", () => {
    const runtime = runtimeWith(NOW - 30 * MIN, [NOW - 10 * MIN, NOW - MIN, NOW - MIN]);
    const [flow] = runtime.recentFlows.since(0);
    expect(wouldDropByEdge(runtime, view, NOW - 5 * MIN)).toEqual(new Map([[flowEdgeId(flow!), 2]]));
  });
});

describe("the namespace page's audit of hatch in the posture homelab", () => {
  const { profileLabel, enforcementLabel, enforcementDisabledValue } = DEFAULT_CONVENTIONS;
  const hatchObjects = homelab({
    namespaces: [ns("hatch", { [profileLabel]: "internal", [enforcementLabel]: enforcementDisabledValue })],
  });
  const hatchView: ClusterView = {
    ...analyzeCluster(hatchObjects, clusterConventions(hatchObjects), NOW),
    computedAt: NOW,
  };

  it("lists hatch's DNS, denied at coredns's ingress today too, apart: not a would-be drop", () => {
    const recentFlows = new RecentFlows(10);
    const hatch = podPeer(homelabPod("hatch", { app: "app" }, "app-1"));
    const flow = observed(hatch, podPeer(PODS.coredns, "10.244.0.53"), 53, {
      verdict: "FORWARDED",
      protocol: "UDP",
    });
    recentFlows.push({ ...flow, time: NOW - MIN });
    const runtime = { startedAt: NOW - 30 * MIN, recentFlows } as unknown as SieveRuntime;
    const audit = reenableAuditOf(runtime, hatchView, "hatch", NOW)!;
    expect(audit.verdict).toMatchObject({ kind: "unknown", drops: 0, kinds: 0, unknown: 1 });
    expect(audit.verdict.text).toBe(
      "cannot tell: no other observed flow would be dropped, but 1 flow of 1 kind is denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to it is unknown (30 min, 1 flow)",
    );
    expect(reenableVerdicts(runtime, hatchView, NOW).hatch).toEqual(audit.verdict);
    expect(wouldDropByEdge(runtime, hatchView, NOW - 30 * MIN).size).toBe(0);
    expect(audit.causes).toEqual([]);
    expect(audit.deniedToday).toEqual([
      expect.objectContaining({
        droppedAt: "ingress",
        defaultDenyBy: [
          "CNP kube-system/kube-system-default",
          "CCNP baseline-health",
          "CCNP baseline-scrape",
        ],
      }),
    ]);
  });
});
