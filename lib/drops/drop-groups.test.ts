import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { ClusterFacts } from "./cluster-facts";
import { classifyDrop } from "./classify-drop";
import { groupDrops } from "./drop-groups";

const T0 = 1_700_000_000_000;
const facts: ClusterFacts = {
  namespaceLabels: { app: {}, immich: {} },
  dnsBaselinePresent: false,
  scrapeBaselinePresent: true,
  healthBaselinePresent: true,
};
const kubeDns = testPeer({ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } });

describe("groupDrops", () => {
  it("groups by namespace and class, most severe first, with bounded newest-first samples", () => {
    const flows = [
      ...Array.from({ length: 8 }, (_, i) => testFlow({ id: `pg-${i}`, time: T0 + i, verdict: "DROPPED" })),
      testFlow({
        id: "dns",
        time: T0,
        verdict: "DROPPED",
        destination: kubeDns,
        destinationPort: 53,
        protocol: "UDP",
      }),
      testFlow({ id: "immich", time: T0, verdict: "DROPPED", source: testPeer({ namespace: "immich" }) }),
      testFlow({ id: "ok", time: T0 }),
    ];
    const groups = groupDrops(flows, (flow) => classifyDrop(flow, facts, DEFAULT_CONVENTIONS), {
      maxSamples: 3,
    });
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ["app|dns-baseline-missing", 1],
      ["app|access-label-missing/postgres", 8],
      ["immich|access-label-missing/postgres", 1],
    ]);
    const postgres = groups[1]!;
    expect(postgres.samples.map((f) => f.id)).toEqual(["pg-7", "pg-6", "pg-5"]);
    expect([postgres.firstSeen, postgres.lastSeen]).toEqual([T0, T0 + 7]);
    expect(postgres.classification.fix).toBe(
      'Add access.network-policy.homelab/postgres: "true" to namespace app.',
    );
  });
});
