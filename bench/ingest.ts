import { spawnSync } from "node:child_process";
import {
  exited,
  median,
  nextMessage,
  onCleanup,
  onPath,
  spawnTsChild,
  type Benchmark,
  type Figure,
} from "./harness";
import type {
  ConsumerRun,
  IngestBreakdown,
  IngestRequest,
  MemoryDecoder,
  StreamConsumer,
} from "./ingest-child";
import { startFrameRelay } from "./frame-relay";
import { POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";
import { flowConversations, flowStream } from "./synthetic-flows";

// Issues #4 and #12: flows per second read from a GetFlows stream on loopback and taken through
// Sieve's whole ingest path, beside what else could read the same stream in the same run: a plain
// grpc-js + proto-loader consumer, Sieve's client only decoding, the decode alone over the same
// messages in memory (the bound of any consumer), and the hubble CLI when one is on PATH. The
// relay (frame-relay.ts) is filled beforehand (setup, not timed), holds every flow encoded and
// framed and serves it from this process in large writes; the consumers run in a child, so each
// side has a core, and the relay's own CPU is read around each stream to tell when it, not the
// consumer, was the limit.

const FLOWS = 200_000;
const ROUNDS = 3;
const ACTIVE_NAMESPACES = 200;
/** The relay's CPU share above which a stream measures the relay, not the consumer. */
const RELAY_SATURATED = 0.9;

interface StreamRun extends ConsumerRun {
  /** The relay process's CPU time over the run's wall time (from request to answer). */
  relayBusy: number;
}

const CONSUMERS: Array<{ key: StreamConsumer; label: string }> = [
  { key: "sieve", label: "Sieve (decode, ingest, count, graph, keep, classify)" },
  { key: "plain", label: "plain grpc-js + proto-loader consumer (objects, verdicts counted)" },
  { key: "transport", label: "Sieve's client, flows decoded and counted only" },
];
const DECODERS: Array<{ key: MemoryDecoder; label: string }> = [
  { key: "sieve-decoder", label: "decode only, in memory (Sieve's decoder: the bound)" },
  { key: "proto-loader", label: "decode only, in memory (proto-loader objects)" },
];

const rateOf = (run: ConsumerRun) => (run.flows / run.ms) * 1000;
const cpuUsPerFlow = (run: ConsumerRun) => (run.cpuMs * 1000) / run.flows;

/** `hubble observe --last N -o compact` to /dev/null; its CPU from bash's `times`. */
function hubbleCli(address: string, count: number): ConsumerRun | string {
  const started = performance.now();
  const result = spawnSync(
    "bash",
    [
      "-c",
      'hubble observe --server "$1" --last "$2" -o compact >/dev/null || exit $?; times',
      "bash",
      address,
      String(count),
    ],
    { encoding: "utf8", timeout: 10 * 60_000 },
  );
  const ms = performance.now() - started;
  if (result.status !== 0)
    return `hubble observe failed (exit ${result.status}): ${result.stderr.trim().split("\n")[0]}`;
  // `times` prints the shell's user/system time, then its children's: "0m1.234s 0m0.056s".
  const children = result.stdout.trim().split("\n").at(-1) ?? "";
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, m, s]) => sum + Number(m) * 60 + Number(s),
    0,
  );
  return { flows: count, ms, drops: 0, cpuMs: seconds * 1000 };
}

export const ingest: Benchmark = {
  name: "ingest",
  issue: "#4, #12",
  goal:
    `flows/s ingested, classified and aggregated from a gRPC stream (${FLOWS.toLocaleString("en-US")} flows, ` +
    `${ACTIVE_NAMESPACES} namespaces), beside other consumers of the same stream`,
  async run(log) {
    const now = Date.now();
    const clusterOptions = { ...POSTURE_CLUSTER, now };
    const cluster = syntheticCluster(clusterOptions);
    const conversations = flowConversations(cluster.objects, cluster.namespaces, ACTIVE_NAMESPACES);

    const setupStarted = performance.now();
    let drops = 0;
    const published = [
      ...flowStream({ conversations, count: FLOWS, fromMs: now - 50 * 60_000, toMs: now }),
    ].map((flow) => {
      if (flow.verdict === "DROPPED") drops += 1;
      return flow;
    });
    const relay = await startFrameRelay(published);
    published.length = 0;
    onCleanup(() => relay.stop());
    log(
      `relay holds ${FLOWS.toLocaleString("en-US")} flows (${((100 * drops) / FLOWS).toFixed(1)} % dropped, ` +
        `${(relay.bytes / 1024 / 1024).toFixed(0)} MB framed) from ${conversations.length} conversations ` +
        `in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (setup)`,
    );

    const child = spawnTsChild("bench/ingest-child.ts");
    const ask = (request: IngestRequest) => child.send(request);
    ask({ type: "setup", address: relay.address, count: FLOWS, cluster: clusterOptions });
    const ready = await nextMessage<{ type: "ready"; bytes: number }>(child, "ready", 5 * 60_000);
    log(`consumer holds the same ${(ready.bytes / 1024 / 1024).toFixed(0)} MB of encoded messages in memory`);

    const streams = new Map<StreamConsumer, StreamRun[]>(CONSUMERS.map(({ key }) => [key, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // Interleaved, so a burst of load on the machine hits every consumer alike.
      for (const { key } of CONSUMERS) {
        const cpuAtStart = process.cpuUsage();
        const started = performance.now();
        ask({ type: "stream", consumer: key });
        const { run } = await nextMessage<{ type: "run"; run: ConsumerRun }>(child, "run", 5 * 60_000);
        const cpu = process.cpuUsage(cpuAtStart);
        const relayBusy = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
        streams.get(key)!.push({ ...run, relayBusy });
      }
    }
    const decoded = new Map<MemoryDecoder, ConsumerRun[]>(DECODERS.map(({ key }) => [key, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const { key } of DECODERS) {
        ask({ type: "decode", decoder: key });
        decoded
          .get(key)!
          .push((await nextMessage<{ type: "run"; run: ConsumerRun }>(child, "run", 5 * 60_000)).run);
      }
    }
    ask({ type: "breakdown" });
    const { breakdown, sampled } = await nextMessage<{
      type: "breakdown";
      breakdown: IngestBreakdown;
      sampled: number;
    }>(child, "breakdown", 5 * 60_000);
    child.disconnect();
    await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, 10_000))]);

    const hubble = onPath("hubble") ? hubbleCli(relay.address, FLOWS) : "not installed (no hubble on PATH)";

    // Each consumer's figures are the medians of its runs.
    const medianRun = (runs: ConsumerRun[]) => ({
      rate: median(runs.map(rateOf)),
      cpuUs: median(runs.map(cpuUsPerFlow)),
    });
    const sieve = medianRun(streams.get("sieve")!);
    const figures: Figure[] = [
      {
        label: "ingest throughput, Sieve's whole path (median of runs)",
        value: sieve.rate,
        unit: "flows/s",
        digits: 0,
        target: { kind: "min", value: 200_000 },
      },
      { label: "Sieve: consumer CPU per flow", value: sieve.cpuUs, unit: "µs", digits: 2 },
      {
        label: "Sieve: flows per second of one core's CPU (1 / CPU per flow)",
        value: 1e6 / sieve.cpuUs,
        unit: "flows/s",
        digits: 0,
      },
    ];
    const notes: string[] = [];
    const compare = (key: string, label: string, runs: ConsumerRun[]) => {
      const baseline = medianRun(runs);
      figures.push(
        { label: `${label}: throughput`, value: baseline.rate, unit: "flows/s", digits: 0 },
        { label: `${label}: CPU per flow`, value: baseline.cpuUs, unit: "µs", digits: 2 },
        { label: `Sieve's throughput ÷ ${key}'s`, value: sieve.rate / baseline.rate, unit: "×", digits: 2 },
        {
          label: `Sieve's CPU per flow ÷ ${key}'s`,
          value: sieve.cpuUs / baseline.cpuUs,
          unit: "×",
          digits: 2,
        },
      );
    };
    for (const { key, label } of CONSUMERS.slice(1)) compare(key, label, streams.get(key)!);
    for (const { key, label } of DECODERS) compare(key, label, decoded.get(key)!);
    if (typeof hubble === "string") notes.push(`hubble CLI: ${hubble}`);
    else {
      compare("hubble", "hubble observe -o compact (process start included)", [hubble]);
    }

    for (const { key, label } of CONSUMERS) {
      const runs = streams.get(key)!;
      notes.push(
        `${label}: ` +
          runs
            .map(
              (run, i) =>
                `#${i + 1} ${rateOf(run).toFixed(0)}/s, consumer CPU busy ${((100 * run.cpuMs) / run.ms).toFixed(0)} %, ` +
                `relay CPU busy ${(100 * run.relayBusy).toFixed(0)} %`,
            )
            .join("; "),
      );
      const saturated = runs.filter((run) => run.relayBusy >= RELAY_SATURATED).length;
      if (saturated > 0) {
        notes.push(
          `RELAY SATURATED in ${saturated} of ${runs.length} runs of "${key}" (relay CPU ≥ ${100 * RELAY_SATURATED} %): ` +
            `those figures measure the relay, the consumer may be faster`,
        );
      }
    }
    const measured = Object.entries(breakdown).filter(
      ([stage]) => !stage.startsWith("old path") && !stage.endsWith("(per drop)"),
    );
    const accounted = measured.reduce((sum, [, us]) => sum + us, 0);
    notes.push(
      `stages measured apart on ${sampled} sampled flows (µs per flow): ` +
        Object.entries(breakdown)
          .map(([stage, us]) => `${stage} ${us.toFixed(2)}`)
          .join(", "),
      `those stages add up to ${accounted.toFixed(2)} µs of the ${sieve.cpuUs.toFixed(2)} µs of CPU per flow; ` +
        `the rest is HTTP/2 (node:http2, message framing) and the event loop`,
    );
    return { name: "ingest", figures, notes };
  },
};
