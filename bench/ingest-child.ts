import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { classifyDrop } from "@/lib/drops/classify-drop";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import type { Flow } from "@/lib/flows/flow";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { VerdictCounter } from "@/lib/flows/verdict-counts";
import { FlowGraph } from "@/lib/graph/graph-model";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { clusterFactsFromPosture } from "@/lib/posture/cluster-facts";
import { computeClusterPosture } from "@/lib/posture/cluster-posture";
import { createObserverClient } from "@/server/hubble/client";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import { flowJsonToWire, wireToFlowJson } from "@/server/hubble/wire-json";
import type { WireFlow } from "@/server/hubble/wire-flow";
import { reportFailures } from "./harness";
import { FlowDecoder } from "@/server/hubble/flow-decoder";
import { createGetFlowsResponseDecoder } from "@/server/hubble/get-flows-response-decoder";
import { flowConversations, flowStream } from "./synthetic-flows";
import { clusterObjectsOf, syntheticCluster, type SyntheticClusterOptions } from "./synthetic-cluster";

// The consuming side of the ingest benchmark, in its own process so that the relay's encoding
// runs on the other core: Sieve's client reads the stream, and every flow is converted, counted,
// drawn into the graph and, when dropped, kept and classified.

export interface IngestRun {
  flows: number;
  ms: number;
  drops: number;
  /** CPU time this process spent during the run (user + system), ms. */
  cpuMs: number;
}

/** Microseconds per flow of each stage, measured apart on a sample of the received flows. */
export type IngestBreakdown = Record<string, number>;

interface RunMessage {
  type: "run";
  address: string;
  count: number;
  runs: number;
  cluster: SyntheticClusterOptions;
}

const SAMPLE_EVERY = 10;
const SAMPLE_MAX = 20_000;

/**
 * One GetFlows stream of `count` flows. With `transportOnly`, flows are only counted: what is
 * left is the relay, gRPC and the client's own decoding: the ceiling of any ingest path.
 */
function stream(
  address: string,
  count: number,
  facts: ClusterFacts,
  transportOnly = false,
): Promise<IngestRun> {
  const client = createObserverClient({ address, tls: null });
  const verdicts = new VerdictCounter();
  const graph = new FlowGraph();
  const recentDrops = new RecentFlows(20_000);
  let received = 0;
  let drops = 0;
  let started = 0;
  let finished = 0;
  let cpuAtStart = process.cpuUsage();
  let cpuMs = 0;
  return new Promise((resolve, reject) => {
    client.getFlows(
      { number: count },
      {
        onSieveFlow(flow) {
          if (received === 0) {
            started = performance.now();
            cpuAtStart = process.cpuUsage();
          }
          if (transportOnly) {
            if (++received === count) finished = performance.now();
            return;
          }
          verdicts.add(flow);
          graph.add(flow);
          if (flow.verdict === "DROPPED" || flow.verdict === "AUDIT") {
            recentDrops.push(flow);
            classifyDrop(flow, facts, DEFAULT_CONVENTIONS);
            drops += 1;
          }
          received += 1;
          if (received === count) {
            finished = performance.now();
            const cpu = process.cpuUsage(cpuAtStart);
            cpuMs = (cpu.user + cpu.system) / 1000;
          }
        },
        onEnd() {
          client.close();
          if (received !== count) reject(new Error(`received ${received} flows, expected ${count}`));
          else resolve({ flows: received, ms: finished - started, drops, cpuMs });
        },
        onError(error) {
          client.close();
          reject(error);
        },
      },
    );
  });
}

function perFlowMicros(items: readonly unknown[], action: (index: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < items.length; i += 1) action(i);
  return ((performance.now() - started) * 1000) / Math.max(1, items.length);
}

function breakdown(sample: readonly HubbleFlowJson[], facts: ClusterFacts): IngestBreakdown {
  const { service } = loadObserverProto();
  const method = service.GetFlows;
  const encoded = sample.map((json) => {
    const flow = flowJsonToWire(json);
    return method.responseSerialize({ flow, node_name: json.node_name ?? "", time: flow.time });
  });
  const direct = createGetFlowsResponseDecoder(method.responseDeserialize, new FlowDecoder());
  const measure = (): IngestBreakdown => {
    const flows: Flow[] = [];
    const decode = perFlowMicros(encoded, (i) => {
      const d = direct(encoded[i]!);
      if (d.kind === "flow" && d.flow) flows.push(d.flow);
    });
    const decodedOld: WireFlow[] = [];
    const oldDecode = perFlowMicros(encoded, (i) => {
      decodedOld.push((method.responseDeserialize(encoded[i]!) as { flow: WireFlow }).flow);
    });
    const jsons: HubbleFlowJson[] = [];
    const toJson = perFlowMicros(decodedOld, (i) => jsons.push(wireToFlowJson(decodedOld[i]!)));
    const convert = perFlowMicros(jsons, (i) => flowFromHubbleJson(jsons[i]!));
    const verdicts = new VerdictCounter();
    const count = perFlowMicros(flows, (i) => verdicts.add(flows[i]!));
    const graph = new FlowGraph();
    const draw = perFlowMicros(flows, (i) => graph.add(flows[i]!));
    const dropped = flows.filter((f) => f.verdict === "DROPPED" || f.verdict === "AUDIT");
    const classifyPerDrop = perFlowMicros(dropped, (i) =>
      classifyDrop(dropped[i]!, facts, DEFAULT_CONVENTIONS),
    );
    return {
      "direct decode (FlowDecoder)": decode,
      "(old: protobuf decode": oldDecode,
      wireToFlowJson: toJson,
      "flowFromHubbleJson)": convert,
      "VerdictCounter.add": count,
      "FlowGraph.add": draw,
      "classifyDrop (per flow)": (classifyPerDrop * dropped.length) / Math.max(1, flows.length),
      "classifyDrop (per drop)": classifyPerDrop,
    };
  };
  measure(); // warm-up
  return measure();
}

async function main(): Promise<void> {
  reportFailures();
  const message = await new Promise<RunMessage>((resolve) => process.once("message", resolve));
  const cluster = syntheticCluster(message.cluster);
  const objects = clusterObjectsOf(cluster.objects);
  const posture = computeClusterPosture(objects, DEFAULT_CONVENTIONS, message.cluster.now);
  const facts = clusterFactsFromPosture(posture, objects.namespaces);
  const runs: IngestRun[] = [];
  const conversations = flowConversations(cluster.objects, cluster.namespaces, 200);
  const now = message.cluster.now;
  const sample: HubbleFlowJson[] = [];
  let index = 0;
  for (const json of flowStream({
    conversations,
    count: message.count,
    fromMs: now - 50 * 60_000,
    toMs: now,
  })) {
    if (index++ % SAMPLE_EVERY === 0 && sample.length < SAMPLE_MAX) sample.push(json);
  }
  for (let run = 0; run < message.runs; run += 1) {
    runs.push(await stream(message.address, message.count, facts));
  }
  // Last, so that it runs as warmed up as the runs before it.
  const transport = await stream(message.address, message.count, facts, true);
  process.send!(
    { type: "result", transport, runs, breakdown: breakdown(sample, facts), sampled: sample.length },
    () => process.exit(0),
  );
}

void main();
