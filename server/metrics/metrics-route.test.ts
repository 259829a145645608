import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { parseTimestamp } from "@/lib/hubble/timestamp";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { FlowGraph } from "@/lib/graph/graph-model";
import { createClusterCache, type ClusterCache } from "../kube/cluster-cache";
import { startDemoCluster, type DemoCluster } from "../kube/testing/demo-cluster";
import { smallCluster } from "../kube/testing/small-cluster";
import { ManualClock } from "../kube/testing/manual-clock";
import { waitUntil } from "../kube/testing/wait-until";
import { startFlowFeed, type FlowFeed } from "../hubble/flow-feed";
import { startTestObserver, TestFlowStore, type TestObserver } from "../hubble/testing/test-observer";
import { metricsHandler } from "./metrics-route";
import { createSieveMetrics, type SieveMetrics } from "./sieve-metrics";

// /metrics over a runtime's real parts: the real Hubble captures streamed by an observer.Observer
// server over gRPC into the flow feed, a Kubernetes cache synced from the demo API server. The
// expected figures are counted from the capture file itself.

const REAL_FLOWS = path.resolve(process.cwd(), "../shared/fixtures/hubble/real-flows.jsonl");
const captures: HubbleFlowJson[] = readFileSync(REAL_FLOWS, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => flowJsonFromObserveOutput(JSON.parse(line)));
const times = captures.map((flow) => parseTimestamp(flow.time)!.seconds * 1000);
// The captures were taken years apart; the feed's window reaches back to the oldest.
const newest = Math.max(...times);
const oldest = Math.min(...times);

let store: TestFlowStore;
let relay: TestObserver;
let demo: DemoCluster;
let cluster: ClusterCache;
let feed: FlowFeed;
let metrics: SieveMetrics;
let received = 0;
let allReceived: () => void = () => undefined;
const clock = new ManualClock(newest + 60_000);
const recentFlows = new RecentFlows(1_000);
const recentDrops = new RecentFlows(1_000);
const graph = new FlowGraph();

beforeAll(async () => {
  store = new TestFlowStore();
  relay = await startTestObserver({ store });
  for (const flow of captures) store.publish(flow);
  demo = await startDemoCluster();
  cluster = createClusterCache(demo.kubeConfig);
  cluster.start();
  metrics = createSieveMetrics(() => ({ flows: feed, cluster, recentFlows, recentDrops, graph }), {
    now: () => clock.now(),
    processMetrics: false,
  });
  // The runtime's ingest path: one recordFlow per flow, beside the caches it fills.
  feed = startFlowFeed({
    connection: { address: relay.address, tls: null },
    windowMs: clock.now() - oldest + 60_000,
    clock,
    random: () => 1,
    log: () => undefined,
    onFlow: (flow) => {
      metrics.recordFlow(flow);
      recentFlows.push(flow);
      if (flow.verdict === "DROPPED") recentDrops.push(flow);
      graph.add(flow);
      if (++received === captures.length) allReceived();
    },
  });
  await new Promise<void>((resolve) => (allReceived = resolve));
  await cluster.whenSynced();
});

afterAll(async () => {
  feed.stop();
  cluster.stop();
  await relay.stop();
  await demo.close();
});

/** The scrape, parsed: "name{labels}" → value. */
async function scrape(): Promise<{ response: Response; samples: Map<string, number> }> {
  const response = await metricsHandler({ enabled: () => true, metrics: () => metrics })();
  const samples = new Map<string, number>();
  for (const line of (await response.clone().text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const index = line.lastIndexOf(" ");
    samples.set(line.slice(0, index), Number(line.slice(index + 1)));
  }
  return { response, samples };
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe("/metrics", () => {
  it("answers 404 while SIEVE_METRICS is off", async () => {
    const response = await metricsHandler({ enabled: () => false, metrics: () => metrics })();
    expect(response.status).toBe(404);
  });

  it("counts the ingested flows by verdict and the drops by namespace and reason", async () => {
    const { response, samples } = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);

    for (const [verdict, count] of countBy(captures, (flow) => String(flow.verdict))) {
      expect(samples.get(`sieve_flows_ingested_total{verdict="${verdict}"}`)).toBe(count);
    }
    const dropped = captures.filter((flow) => flow.verdict === "DROPPED");
    expect(dropped.length).toBeGreaterThan(0);
    const where = (flow: HubbleFlowJson) => {
      const side = flow.traffic_direction === "INGRESS" ? flow.destination : flow.source;
      return side?.namespace || "(outside the cluster)";
    };
    const dropSamples = [...samples].filter(([name]) => name.startsWith("sieve_drops_total{"));
    expect(dropSamples.reduce((sum, [, value]) => sum + value, 0)).toBe(dropped.length);
    for (const [namespace, count] of countBy(dropped, where)) {
      const inNamespace = dropSamples.filter(([name]) => name.includes(`namespace="${namespace}"`));
      expect(inNamespace.reduce((sum, [, value]) => sum + value, 0)).toBe(count);
    }
    const reasons = countBy(dropped, (flow) => String(flow.drop_reason_desc));
    for (const [reason, count] of reasons) {
      const withReason = dropSamples.filter(([name]) => name.includes(`reason="${reason}"`));
      expect(withReason.reduce((sum, [, value]) => sum + value, 0)).toBe(count);
    }
    expect(dropSamples.some(([name]) => name.includes('class="policy"'))).toBe(reasons.has("POLICY_DENIED"));
  });

  it("gives each source's age and every cache's size", async () => {
    clock.advance(30_000);
    const { samples } = await scrape();
    const newestReceived = Math.max(...recentFlows.since(0).map((flow) => flow.time));
    expect(newestReceived).toBeGreaterThan(0);
    // The feed stamps a flow's arrival with its clock: 60 s after the newest capture, then 30 s.
    expect(samples.get('sieve_source_last_event_age_seconds{source="hubble",kind="flows"}')).toBe(30);
    for (const kind of ["namespaces", "pods", "networkpolicies", "ciliumnetworkpolicies"]) {
      expect(
        samples.get(`sieve_source_last_event_age_seconds{source="kubernetes",kind="${kind}"}`),
      ).toBeGreaterThanOrEqual(0);
    }
    const pods = smallCluster().filter((object) => object.kind === "Pod").length;
    expect(samples.get('sieve_cache_entries{cache="kubernetes/pods"}')).toBe(pods);
    expect(samples.get('sieve_cache_entries{cache="recent_flows"}')).toBe(captures.length);
    expect(samples.get('sieve_cache_entries{cache="recent_drops"}')).toBe(
      captures.filter((flow) => flow.verdict === "DROPPED").length,
    );
    expect(samples.get('sieve_cache_entries{cache="graph_edges"}')).toBe(graph.size().edges);
    expect(samples.get("sieve_flow_stream_gaps_total")).toBe(0);
  });

  it("counts a gap and a reconnection when the relay restarts", async () => {
    const port = relay.port;
    await relay.stop();
    await waitUntil(
      (listener) => feed.subscribe(listener),
      () => feed.status().state === "error",
      "the break",
    );
    relay = await startTestObserver({ port, store });
    clock.runNext();
    await waitUntil(
      (listener) => feed.subscribe(listener),
      () => feed.status().state === "streaming",
      "the return",
    );
    const { samples } = await scrape();
    expect(samples.get("sieve_flow_stream_gaps_total")).toBe(1);
    expect(samples.get("sieve_flow_stream_reconnects_total")).toBe(1);
    // Counters stay put between scrapes.
    expect((await scrape()).samples.get("sieve_flow_stream_gaps_total")).toBe(1);
  });
});
