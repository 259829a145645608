import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import type { PostureResponse } from "@/lib/api/responses";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { analyzeCluster } from "@/lib/posture/cluster-analysis";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { startDemoRelay } from "@/server/demo/relay";
import { mb, median, onCleanup, percentile, type Benchmark } from "./harness";
import { ensureBuilt, serveCluster, startSieve } from "./sieve-server";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";

// Issues #3 and #12: the posture API on 1,000 namespaces and 3,000 policies, served from the
// cache, beside baselines measured in the same run: for the request, a bare node:http server
// answering the same body as a typical Node service does (JSON.stringify and gzip per request);
// for the computation, one plain pass over the same objects (every namespace, pod and policy read
// once and grouped by namespace), the least any posture must do.

const WARM_UP = 5;
const REQUESTS = 40;
const COMPUTE_RUNS = 5;

/** The least a posture view must do: read each object once and group them by namespace. */
function plainPass(objects: ClusterObjects): Map<string, { labels: number; pods: number; policies: number }> {
  const byNamespace = new Map<string, { labels: number; pods: number; policies: number }>();
  const entry = (name: string) => {
    let found = byNamespace.get(name);
    if (!found) byNamespace.set(name, (found = { labels: 0, pods: 0, policies: 0 }));
    return found;
  };
  for (const ns of objects.namespaces)
    entry(ns.metadata.name).labels += Object.keys(ns.metadata.labels ?? {}).length;
  for (const pod of objects.pods) entry(pod.metadata.namespace ?? "").pods += 1;
  for (const list of [objects.ciliumnetworkpolicies, objects.networkpolicies])
    for (const policy of list) entry(policy.metadata?.namespace ?? "").policies += 1;
  for (const policy of objects.ciliumclusterwidenetworkpolicies)
    entry("(cluster-wide)").policies += policy.metadata ? 1 : 0;
  return byNamespace;
}

const bareBytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

/** A bare node:http server answering `body` as JSON, serialized and gzipped on each request. */
async function bareServer(body: unknown): Promise<string> {
  const server = createServer((_request, response) => {
    const bytes = gzipSync(JSON.stringify(body));
    response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the bare server has no port");
  return `http://127.0.0.1:${address.port}/`;
}

async function timedGet(
  url: string,
): Promise<{ ms: number; bytes: number; body: ArrayBuffer; encoding: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  const encoding = `content-encoding ${response.headers.get("content-encoding") ?? "none"}, ${response.headers.get("content-length") ?? "?"} bytes on the wire`;
  if (!response.ok)
    throw new Error(`GET ${url}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ms, bytes: body.byteLength, body, encoding };
}

export const posture: Benchmark = {
  name: "posture",
  issue: "#3, #12",
  goal: "median GET /api/posture on 1,000 namespaces / 3,000 policies, from the cache, beside a bare server",
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

    // The computation the server does (conventions inferred, the cluster analysed), in this process.
    const objects = clusterObjectsOf(cluster.objects);
    const computeMs: number[] = [];
    const plainMs: number[] = [];
    let firstComputeMs = 0;
    for (let run = 0; run <= COMPUTE_RUNS; run += 1) {
      // Interleaved, so a burst of load on the machine hits both alike.
      const p0 = performance.now();
      plainPass(objects);
      const p1 = performance.now();
      analyzeCluster(objects, clusterConventions(objects), now);
      const p2 = performance.now();
      if (run === 0) {
        firstComputeMs = p2 - p1; // cold: the JIT has not seen this code yet
        continue;
      }
      plainMs.push(p1 - p0);
      computeMs.push(p2 - p1);
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
    let wire = "";
    for (let i = 0; i < REQUESTS; i += 1) {
      const { ms, bytes: size, encoding } = await timedGet(url);
      wire = encoding;
      times.push(ms);
      bytes = size;
    }
    const rss = sieve.rss();

    // The same body from a bare server that serializes and compresses it on every request.
    const bare = await bareServer(parsed);
    const bareTimes: number[] = [];
    for (let i = 0; i < WARM_UP; i += 1) await timedGet(bare);
    for (let i = 0; i < REQUESTS; i += 1) bareTimes.push((await timedGet(bare)).ms);
    return {
      name: "posture",
      figures: [
        {
          label: "GET /api/posture median",
          value: median(times),
          unit: "ms",
          target: { kind: "max", value: 50 },
        },
        { label: "GET /api/posture p95", value: percentile(times, 95), unit: "ms" },
        {
          label: "bare node:http server, same body (stringify + gzip per request), median",
          value: median(bareTimes),
          unit: "ms",
        },
        {
          label: "GET /api/posture ÷ bare server",
          value: median(times) / median(bareTimes),
          unit: "×",
          digits: 2,
        },
        {
          // The server computes the view when its cache first syncs (warmClusterViewOnSync); a first
          // request arriving before that is done waits for it.
          label: "first request after the cache synced",
          value: first.ms,
          unit: "ms",
          target: { kind: "max", value: 300 },
        },
        {
          label: "first computation in-process (cold: conventions + analysis)",
          value: firstComputeMs,
          unit: "ms",
        },
        { label: "computation in-process (warm), median", value: median(computeMs), unit: "ms" },
        { label: "plain pass over the same objects, median", value: median(plainMs), unit: "ms", digits: 2 },
        {
          label: "computation ÷ plain pass",
          value: median(computeMs) / median(plainMs),
          unit: "×",
          digits: 1,
        },
        { label: "server RSS after the requests", value: mb(rss), unit: "MB" },
      ],
      notes: [
        `${REQUESTS} requests after ${WARM_UP} warm-up; min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
        `response body ${mb(bytes).toFixed(2)} MB (${wire}); the same JSON is ${mb(bareBytes(parsed)).toFixed(2)} MB`,
        `in-process: ${COMPUTE_RUNS} warm runs after one cold run, interleaved with the plain pass`,
        "the server brings the cached view up to date every 10 s (server/cluster-view.ts), redoing only namespaces whose escape hatch is open; requests within that serve it",
      ],
    };
  },
};
