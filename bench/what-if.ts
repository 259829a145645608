import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { RepositoryRender } from "@/lib/render/rendered";
import { analyzeCluster } from "@/lib/posture/cluster-analysis";
import { whatIf } from "@/lib/what-if/what-if";
import { median, type Benchmark } from "./harness";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";
import { flowConversations, flowStream } from "./synthetic-flows";

// Issue #10: what-if of a branch re-judges 30,000 observed flows on the posture benchmark's
// cluster (1,000 namespaces, 3,000 policies): both clusters analysed, every connection evaluated
// under both, the changed ones worded. The branch drops every label of 20 app namespaces.

const FLOWS = 30_000;
const RUNS = 5;
const CHANGED_NAMESPACES = 20;

function renderOf(objects: readonly unknown[]): RepositoryRender {
  return {
    renderer: "bench",
    objects: objects.map((object, document) => ({
      object: object as Record<string, unknown>,
      origin: { file: "namespaces.yaml", document, kustomization: null, template: null },
    })),
    problems: [],
  };
}

export const whatIfBench: Benchmark = {
  name: "what-if",
  issue: "#10",
  goal: `what-if of a branch against ${FLOWS.toLocaleString("en-US")} observed flows, 1,000 namespaces / 3,000 policies`,
  async run(log) {
    const now = Date.now();
    const cluster = syntheticCluster({ ...POSTURE_CLUSTER, now });
    const objects = clusterObjectsOf(cluster.objects);
    const conversations = flowConversations(cluster.objects, cluster.namespaces, 200);
    const flows: Flow[] = [];
    for (const json of flowStream({ conversations, count: FLOWS, fromMs: now - 30 * 60_000, toMs: now }))
      flows.push(flowFromHubbleJson(json));
    const base = renderOf(objects.namespaces);
    const apps = new Set(
      cluster.namespaces
        .filter((spec) => !spec.platform)
        .slice(0, CHANGED_NAMESPACES)
        .map((spec) => spec.name),
    );
    const branch = renderOf(
      objects.namespaces.map((ns) =>
        apps.has(ns.metadata.name) ? { ...ns, metadata: { ...ns.metadata, labels: {} } } : ns,
      ),
    );
    const times: number[] = [];
    // The baseline, interleaved with the runs: what the dashboard does anyway on every cluster
    // change — infer the conventions and analyse the cluster once. What-if does this for both
    // sides and re-judges every connection under both.
    const baseline: number[] = [];
    let last = null;
    for (let run = 0; run < RUNS; run += 1) {
      const analysed = performance.now();
      analyzeCluster(objects, clusterConventions(objects), now);
      baseline.push(performance.now() - analysed);
      const started = performance.now();
      last = whatIf({
        cluster: objects,
        baseRender: base,
        branchRender: branch,
        flows,
        conventionsOf: (o) => clusterConventions(o),
        now,
      });
      times.push(performance.now() - started);
    }
    log(
      `last run: ${last!.connectionsEvaluated} connections, ${last!.newlyDroppedFlows} newly dropped flows ` +
        `(${last!.newlyDropped.length} groups), ${last!.newlyAllowedFlows} newly allowed, ${last!.posture.length} namespaces change`,
    );
    return {
      name: "what-if",
      figures: [
        { label: "median what-if", value: median(times), unit: "ms", target: { kind: "max", value: 2000 } },
        { label: "slowest run", value: Math.max(...times), unit: "ms" },
        { label: "one cluster analysis (baseline), median", value: median(baseline), unit: "ms" },
        {
          label: "ratio to one cluster analysis",
          value: median(times) / median(baseline),
          unit: "×",
          digits: 2,
        },
      ],
      notes: [`${FLOWS} flows, ${last!.connectionsEvaluated} connections, ${RUNS} runs`],
    };
  },
};
