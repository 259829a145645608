import { credentials, loadPackageDefinition, type ClientReadableStream } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { DropClassifier } from "@/lib/drops/drop-classifier";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import type { Flow } from "@/lib/flows/flow";
import { FlowIngest } from "@/lib/flows/flow-ingest";
import { flowRecorder } from "@/lib/flows/flow-recorder";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { VerdictCounter } from "@/lib/flows/verdict-counts";
import { FlowGraph } from "@/lib/graph/graph-model";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { clusterFactsFromPosture } from "@/lib/posture/facts-from-posture";
import { computeClusterPosture } from "@/lib/posture/cluster-posture";
import { encodeFlowResponse } from "@/server/demo/relay/get-flows-call";
import { createObserverClient } from "@/server/hubble/client";
import { loadObserverProto, observerProtoDir } from "@/server/hubble/observer-proto";
import { flowJsonToWire, wireToFlowJson } from "@/server/hubble/wire-json";
import type { WireFlow } from "@/server/hubble/wire-flow";
import { reportFailures } from "./harness";
import { FlowDecoder } from "@/server/hubble/flow-decoder";
import { createGetFlowsResponseDecoder } from "@/server/hubble/get-flows-response-decoder";
import { flowConversations, flowStream } from "./synthetic-flows";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { syntheticCluster, type SyntheticClusterOptions } from "./synthetic-cluster";

// The consuming side of the ingest benchmark, in its own process so that the relay runs on the
// other core. The parent asks for one consumer at a time, so it can read the relay's own CPU
// around each: Sieve's whole path, a plain grpc-js + proto-loader consumer, the same stream only
// decoded by Sieve's client, and the decode alone over the same messages held in memory.

/** One consumer reading (or decoding) every flow once. */
export interface ConsumerRun {
  flows: number;
  ms: number;
  drops: number;
  /** CPU time this process spent from the first flow to the last (user + system), ms. */
  cpuMs: number;
}

/** Microseconds per flow of each stage, measured apart on a sample of the received flows. */
export type IngestBreakdown = Record<string, number>;

export type StreamConsumer = "sieve" | "plain" | "transport";
export type MemoryDecoder = "sieve-decoder" | "proto-loader";

export type IngestRequest =
  | { type: "setup"; address: string; count: number; cluster: SyntheticClusterOptions }
  | { type: "stream"; consumer: StreamConsumer }
  | { type: "decode"; decoder: MemoryDecoder }
  | { type: "breakdown" };

const SAMPLE_EVERY = 10;
const SAMPLE_MAX = 20_000;

/** Measures from the first flow to the last, as each stream consumer does. */
class RunClock {
  private started = 0;
  private cpuAtStart = process.cpuUsage();
  private result: ConsumerRun | null = null;
  count = 0;
  drops = 0;

  constructor(private readonly expected: number) {}

  /** Call on every flow; true on the last one. */
  tick(): boolean {
    if (this.count === 0) {
      this.started = performance.now();
      this.cpuAtStart = process.cpuUsage();
    }
    this.count += 1;
    if (this.count !== this.expected) return false;
    const ms = performance.now() - this.started;
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.result = { flows: this.count, ms, drops: this.drops, cpuMs: (cpu.user + cpu.system) / 1000 };
    return true;
  }

  finish(): ConsumerRun {
    if (!this.result) throw new Error(`received ${this.count} flows, expected ${this.expected}`);
    return this.result;
  }
}

/** Sieve's client: with `transportOnly`, flows are decoded and counted, nothing more. */
function sieveStream(
  address: string,
  count: number,
  facts: ClusterFacts,
  transportOnly: boolean,
): Promise<ConsumerRun> {
  const client = createObserverClient({ address, tls: null });
  // What server/runtime.ts does with each flow (its flow recorder: roles inferred, repeated
  // reports held back, then the views), plus the classification a drop gets when shown.
  const record = flowRecorder({
    verdicts: new VerdictCounter(),
    graph: new FlowGraph(),
    recentFlows: new RecentFlows(30_000),
    recentDrops: new RecentFlows(20_000),
  });
  const classifier = new DropClassifier(facts, DEFAULT_CONVENTIONS);
  const clock = new RunClock(count);
  return new Promise((resolve, reject) => {
    client.getFlows(
      { number: count },
      {
        onSieveFlow(flow) {
          if (!transportOnly) {
            record(flow);
            if (flow.verdict === "DROPPED" || flow.verdict === "AUDIT") {
              classifier.classify(flow);
              clock.drops += 1;
            }
          }
          clock.tick();
        },
        onEnd() {
          client.close();
          try {
            resolve(clock.finish());
          } catch (error) {
            reject(error as Error);
          }
        },
        onError(error) {
          client.close();
          reject(error);
        },
      },
    );
  });
}

interface PlainResponse {
  flow?: { verdict?: string };
}
interface PlainObserverClient {
  getFlows(request: { number: number }): ClientReadableStream<PlainResponse>;
  close(): void;
}
type PlainObserverConstructor = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => PlainObserverClient;

/**
 * What a typical Node service does: the generated client of @grpc/grpc-js + @grpc/proto-loader
 * with the options of grpc's own Node examples, each message turned into an object, verdicts counted.
 */
function plainStream(address: string, count: number): Promise<ConsumerRun> {
  const definition = loadSync("observer/observer.proto", {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [observerProtoDir()],
  });
  // The generated client's type is only known at run time, as in any proto-loader service.
  const observer = (
    loadPackageDefinition(definition).observer as unknown as { Observer: PlainObserverConstructor }
  ).Observer;
  const client = new observer(address, credentials.createInsecure());
  const verdicts = new Map<string, number>();
  const clock = new RunClock(count);
  return new Promise((resolve, reject) => {
    const call = client.getFlows({ number: count });
    call.on("data", (response: PlainResponse) => {
      const verdict = response.flow?.verdict;
      if (verdict === undefined) return;
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      if (verdict === "DROPPED") clock.drops += 1;
      clock.tick();
    });
    call.on("end", () => {
      client.close();
      try {
        resolve(clock.finish());
      } catch (error) {
        reject(error as Error);
      }
    });
    call.on("error", (error) => {
      client.close();
      reject(error);
    });
  });
}

/** The GetFlowsResponse bytes the relay sends, held in one buffer: what any consumer must read. */
interface EncodedMessages {
  bytes: Buffer;
  /** Message i spans offsets[i] to offsets[i + 1]. */
  offsets: Uint32Array;
}

function encodeMessages(flows: Iterable<HubbleFlowJson>, count: number): EncodedMessages {
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(count + 1);
  let at = 0;
  let i = 0;
  for (const flow of flows) {
    const encoded = encodeFlowResponse(flow);
    parts.push(encoded);
    at += encoded.length;
    offsets[++i] = at;
  }
  return { bytes: Buffer.concat(parts, at), offsets };
}

/** Decodes every message in memory, twice (the first warms up); the second is measured. */
function decodeInMemory(messages: EncodedMessages, decoder: MemoryDecoder): ConsumerRun {
  const { service } = loadObserverProto();
  const direct = createGetFlowsResponseDecoder(service.GetFlows.responseDeserialize, new FlowDecoder());
  const generic = service.GetFlows.responseDeserialize;
  const count = messages.offsets.length - 1;
  let result: ConsumerRun | null = null;
  for (let pass = 0; pass < 2; pass += 1) {
    let drops = 0;
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    for (let i = 0; i < count; i += 1) {
      const bytes = messages.bytes.subarray(messages.offsets[i]!, messages.offsets[i + 1]!);
      if (decoder === "sieve-decoder") {
        const decoded = direct(bytes);
        if (decoded.kind === "flow" && decoded.flow?.verdict === "DROPPED") drops += 1;
      } else if ((generic(bytes) as { flow?: { verdict?: string } }).flow?.verdict === "DROPPED") drops += 1;
    }
    const cpu = process.cpuUsage(cpuAtStart);
    result = { flows: count, ms: performance.now() - started, drops, cpuMs: (cpu.user + cpu.system) / 1000 };
  }
  return result!;
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
    const ingest = new FlowIngest();
    const accepted: Flow[] = [];
    const accept = perFlowMicros(flows, (i) => {
      const flow = ingest.accept(flows[i]!);
      if (flow) accepted.push(flow);
    });
    const verdicts = new VerdictCounter();
    const count = perFlowMicros(accepted, (i) => verdicts.add(accepted[i]!));
    const graph = new FlowGraph();
    const draw = perFlowMicros(accepted, (i) => graph.add(accepted[i]!));
    const recent = new RecentFlows(30_000);
    const keep = perFlowMicros(accepted, (i) => recent.push(accepted[i]!));
    const dropped = flows.filter((f) => f.verdict === "DROPPED" || f.verdict === "AUDIT");
    const classifier = new DropClassifier(facts, DEFAULT_CONVENTIONS);
    const classifyPerDrop = perFlowMicros(dropped, (i) => classifier.classify(dropped[i]!));
    const tablePerDrop = perFlowMicros(dropped, (i) => classifyDrop(dropped[i]!, facts, DEFAULT_CONVENTIONS));
    const perFlow = (perDrop: number) => (perDrop * dropped.length) / Math.max(1, flows.length);
    return {
      "direct decode (FlowDecoder)": decode,
      "old path: protobuf decode": oldDecode,
      "old path: wireToFlowJson": toJson,
      "old path: flowFromHubbleJson": convert,
      "FlowIngest.accept": accept,
      "VerdictCounter.add": (count * accepted.length) / Math.max(1, flows.length),
      "FlowGraph.add": (draw * accepted.length) / Math.max(1, flows.length),
      "RecentFlows.push": (keep * accepted.length) / Math.max(1, flows.length),
      "DropClassifier.classify (per flow)": perFlow(classifyPerDrop),
      "DropClassifier.classify (per drop)": classifyPerDrop,
      "old path: classifyDrop of every drop (per flow)": perFlow(tablePerDrop),
    };
  };
  measure(); // warm-up
  return measure();
}

interface Setup {
  address: string;
  count: number;
  facts: ClusterFacts;
  messages: EncodedMessages;
  sample: HubbleFlowJson[];
}

function setUp(request: Extract<IngestRequest, { type: "setup" }>): Setup {
  const cluster = syntheticCluster(request.cluster);
  const objects = clusterObjectsOf(cluster.objects);
  const posture = computeClusterPosture(objects, DEFAULT_CONVENTIONS, request.cluster.now);
  const facts = clusterFactsFromPosture(posture, objects.namespaces);
  const conversations = flowConversations(cluster.objects, cluster.namespaces, 200);
  const now = request.cluster.now;
  // The same flows the parent published, in the same order: the generator is seeded.
  const flows = () =>
    flowStream({ conversations, count: request.count, fromMs: now - 50 * 60_000, toMs: now });
  const sample: HubbleFlowJson[] = [];
  let index = 0;
  for (const json of flows()) {
    if (index++ % SAMPLE_EVERY === 0 && sample.length < SAMPLE_MAX) sample.push(json);
  }
  return {
    address: request.address,
    count: request.count,
    facts,
    messages: encodeMessages(flows(), request.count),
    sample,
  };
}

async function answer(request: IngestRequest, setup: Setup | null): Promise<Setup | null> {
  if (request.type === "setup") {
    const ready = setUp(request);
    process.send!({ type: "ready", bytes: ready.messages.bytes.length });
    return ready;
  }
  if (!setup) throw new Error(`"${request.type}" before "setup"`);
  if (request.type === "stream") {
    const run =
      request.consumer === "plain"
        ? await plainStream(setup.address, setup.count)
        : await sieveStream(setup.address, setup.count, setup.facts, request.consumer === "transport");
    process.send!({ type: "run", run });
  } else if (request.type === "decode") {
    process.send!({ type: "run", run: decodeInMemory(setup.messages, request.decoder) });
  } else {
    process.send!({
      type: "breakdown",
      breakdown: breakdown(setup.sample, setup.facts),
      sampled: setup.sample.length,
    });
  }
  return setup;
}

async function main(): Promise<void> {
  reportFailures();
  let setup: Setup | null = null;
  let queue = Promise.resolve();
  process.on("message", (request: IngestRequest) => {
    queue = queue.then(async () => {
      setup = await answer(request, setup);
    });
  });
}

void main();
