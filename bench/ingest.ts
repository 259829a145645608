import { startDemoRelay } from "@/server/demo/relay";
import { exited, median, nextMessage, onCleanup, spawnTsChild, type Benchmark } from "./harness";
import type { IngestBreakdown, IngestRun } from "./ingest-child";
import { POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";
import { flowConversations, flowStream } from "./synthetic-flows";

// Issue #4: flows per second read from a GetFlows stream on loopback and taken through Sieve's
// whole ingest path. The relay is filled beforehand (setup, not timed) and serves from this
// process; the consumer is a child process, so each side has a core.

const FLOWS = 200_000;
const RUNS = 3;
const ACTIVE_NAMESPACES = 200;

export const ingest: Benchmark = {
  name: "ingest",
  issue: "#4",
  goal: `flows/s ingested, classified and aggregated from a gRPC stream (${FLOWS.toLocaleString("en-US")} flows, ${ACTIVE_NAMESPACES} namespaces)`,
  async run(log) {
    const now = Date.now();
    const clusterOptions = { ...POSTURE_CLUSTER, now };
    const cluster = syntheticCluster(clusterOptions);
    const conversations = flowConversations(cluster.objects, cluster.namespaces, ACTIVE_NAMESPACES);

    const relay = await startDemoRelay({ capacity: FLOWS + 100_000, clusterName: "homelab" });
    onCleanup(() => relay.stop());
    const setupStarted = performance.now();
    let drops = 0;
    for (const flow of flowStream({ conversations, count: FLOWS, fromMs: now - 50 * 60_000, toMs: now })) {
      if (flow.verdict === "DROPPED") drops += 1;
      relay.publish(flow);
    }
    log(
      `published ${FLOWS.toLocaleString("en-US")} flows (${((100 * drops) / FLOWS).toFixed(1)} % dropped) from ` +
        `${conversations.length} conversations in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (setup)`,
    );

    const child = spawnTsChild("bench/ingest-child.ts");
    const relayCpuAtStart = process.cpuUsage();
    child.send({ type: "run", address: relay.address, count: FLOWS, runs: RUNS, cluster: clusterOptions });
    const result = await nextMessage<{
      type: "result";
      transport: IngestRun;
      runs: IngestRun[];
      breakdown: IngestBreakdown;
      sampled: number;
    }>(child, "result", 10 * 60_000);

    const relayCpu = process.cpuUsage(relayCpuAtStart);
    await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    const streamedMs = [result.transport, ...result.runs].reduce((sum, run) => sum + run.ms, 0);
    const relayBusy = (relayCpu.user + relayCpu.system) / 1000 / streamedMs;
    const rate = (run: IngestRun) => (run.flows / run.ms) * 1000;
    const rates = result.runs.map(rate);
    const perFlowUs = 1e6 / median(rates);
    const measured = Object.entries(result.breakdown).filter(
      ([stage]) => stage !== "classifyDrop (per drop)",
    );
    const accounted = measured.reduce((sum, [, us]) => sum + us, 0);
    return {
      name: "ingest",
      figures: [
        {
          label: "ingest throughput (median of runs)",
          value: median(rates),
          unit: "flows/s",
          digits: 0,
          target: { kind: "min", value: 50_000 },
        },
        { label: "time per flow", value: perFlowUs, unit: "µs", digits: 2 },
        {
          label: "same stream, flows only decoded and counted (no Sieve processing)",
          value: rate(result.transport),
          unit: "flows/s",
          digits: 0,
        },
      ],
      notes: [
        `runs: ${result.runs
          .map(
            (run, i) =>
              `#${i + 1} ${run.flows} flows (${run.drops} drops classified) in ${run.ms.toFixed(0)} ms = ` +
              `${rates[i]!.toFixed(0)}/s, consumer CPU busy ${((100 * run.cpuMs) / run.ms).toFixed(0)} %`,
          )
          .join("; ")}`,
        `relay process (this one) CPU busy ~${(100 * relayBusy).toFixed(0)} % while streaming`,
        `stages measured apart on ${result.sampled} sampled flows (µs per flow): ` +
          Object.entries(result.breakdown)
            .map(([stage, us]) => `${stage} ${us.toFixed(2)}`)
            .join(", "),
        `those stages add up to ${accounted.toFixed(2)} µs of the ${perFlowUs.toFixed(2)} µs per flow; ` +
          `the rest is grpc-js (HTTP/2 framing, stream events) and the event loop`,
      ],
    };
  },
};
