import type { PostureResponse } from "@/lib/api/responses";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { clusterPostureIn } from "@/lib/posture/cluster-posture";
import { buildPostureContext } from "@/lib/posture/posture-context";
import { startDemoRelay } from "@/server/demo/relay";
import { mb, median, onCleanup, percentile, type Benchmark } from "./harness";
import { ensureBuilt, serveCluster, startSieve } from "./sieve-server";
import { clusterObjectsOf, POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";

// Issue #3: the posture API on 1,000 namespaces and 3,000 policies, served from the cache.

const WARM_UP = 5;
const REQUESTS = 40;
const COMPUTE_RUNS = 5;

async function timedGet(url: string): Promise<{ ms: number; bytes: number; body: ArrayBuffer }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  if (!response.ok)
    throw new Error(`GET ${url}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ms, bytes: body.byteLength, body };
}

export const posture: Benchmark = {
  name: "posture",
  issue: "#3",
  goal: "median GET /api/posture on 1,000 namespaces / 3,000 policies, from the cache",
  async run(log) {
    ensureBuilt(log);
    const now = Date.now();
    const cluster = syntheticCluster({ ...POSTURE_CLUSTER, now });
    const { counts } = cluster;
    log(
      `synthetic cluster: ${counts.namespaces} namespaces, ${counts.pods} pods, ${counts.policies} policies ` +
        `(${Object.entries(counts.byKind)
          .map(([kind, n]) => `${n} ${kind}`)
          .join(", ")})`,
    );

    // The pure computation, in this process, for comparison.
    const objects = clusterObjectsOf(cluster.objects);
    const contextMs: number[] = [];
    const postureMs: number[] = [];
    const jsonMs: number[] = [];
    for (let run = 0; run <= COMPUTE_RUNS; run += 1) {
      const t0 = performance.now();
      const context = buildPostureContext(objects, DEFAULT_CONVENTIONS);
      const t1 = performance.now();
      const result = clusterPostureIn(context, now);
      const t2 = performance.now();
      JSON.stringify(result);
      const t3 = performance.now();
      if (run === 0) continue; // the first run warms the JIT up
      contextMs.push(t1 - t0);
      postureMs.push(t2 - t1);
      jsonMs.push(t3 - t2);
    }

    const kube = await serveCluster(cluster.objects);
    const relay = await startDemoRelay({ clusterName: "homelab" });
    onCleanup(() => relay.stop());
    const sieve = await startSieve({ kubeconfig: kube.kubeconfig, relayAddress: relay.address, log });
    const url = `${sieve.url}/api/posture`;

    const first = await timedGet(url);
    const parsed = JSON.parse(new TextDecoder().decode(first.body)) as PostureResponse;
    if (parsed.posture.namespaces.length !== counts.namespaces) {
      throw new Error(
        `the posture lists ${parsed.posture.namespaces.length} namespaces, not ${counts.namespaces}`,
      );
    }
    for (let i = 1; i < WARM_UP; i += 1) await timedGet(url);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i += 1) {
      const { ms, bytes: size } = await timedGet(url);
      times.push(ms);
      bytes = size;
    }
    const rss = sieve.rss();

    const computeMs = median(contextMs) + median(postureMs);
    return {
      name: "posture",
      figures: [
        {
          label: "GET /api/posture median",
          value: median(times),
          unit: "ms",
          target: { kind: "max", value: 100 },
        },
        { label: "GET /api/posture p95", value: percentile(times, 95), unit: "ms" },
        { label: "first request (computes the view)", value: first.ms, unit: "ms" },
        { label: "pure computation in-process (context + posture)", value: computeMs, unit: "ms" },
        { label: "server RSS after the requests", value: mb(rss), unit: "MB" },
      ],
      notes: [
        `${REQUESTS} requests after ${WARM_UP} warm-up; min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
        `response body ${mb(bytes).toFixed(2)} MB of JSON`,
        `in-process medians of ${COMPUTE_RUNS}: buildPostureContext ${median(contextMs).toFixed(1)} ms, ` +
          `clusterPostureIn ${median(postureMs).toFixed(1)} ms, JSON.stringify ${median(jsonMs).toFixed(1)} ms`,
        "the server recomputes the cached view every 10 s (server/cluster-view.ts); requests within that serve it",
      ],
    };
  },
};
