import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
import type { GraphResponse } from "@/lib/api/responses";
import { startDemoRelay } from "@/server/demo/relay";
import { seededRandom } from "@/server/demo/scenario/stable-random";
import { loadAverage, median, onCleanup, ROOT, type Benchmark } from "./harness";
import { ensureBuilt, serveCluster, startSieve } from "./sieve-server";
import { syntheticCluster } from "./synthetic-cluster";
import { createClusterView, ingressFlow } from "./synthetic-flows";

// Issue #4: first paint of a 500-namespace / 5,000-edge graph in headless Chromium. Sieve's
// production build follows a relay holding flows on exactly 5,000 distinct edges (10 ports out of
// each namespace, to 10 others); once /api/graph reports them all, each load opens "/" in a fresh
// browser context (cold cache) and reads the "sieve:graph-drawn" mark NamespaceGraph sets after
// cytoscape's first frame with elements. Mark times count from navigation start. Beside it, in
// the same browser and interleaved, the baseline (#12): a bare page that fetches the same
// /api/graph body and hands its nodes and edges to cytoscape (default style, grid layout), marked
// the same way.

const NAMESPACES = 500;
const EDGES_PER_NAMESPACE = 10;
const EDGES = NAMESPACES * EDGES_PER_NAMESPACE;
const FLOWS_PER_EDGE = 2;
const LOADS = 5;
const CHROMIUM = process.env.SIEVE_CHROMIUM ?? "/usr/bin/chromium";

interface Load {
  drawnMs: number;
  nodes: number;
  edges: number;
  graphResponseEndMs: number;
  domContentLoadedMs: number;
}

/** The baseline page: cytoscape alone drawing the graph's elements, with the same mark. */
const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>bare cytoscape</title></head>
<body style="margin:0"><div id="cy" style="width:100vw;height:100vh"></div>
<script src="/cytoscape.min.js"></script>
<script>
fetch("/api/graph").then((r) => r.json()).then((graph) => {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const cy = cytoscape({
    container: document.getElementById("cy"),
    layout: { name: "grid" },
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id } })),
      ...graph.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
    ],
  });
  cy.one("render", () =>
    performance.mark("sieve:graph-drawn", { detail: { nodes: cy.nodes().length, edges: cy.edges().length } }),
  );
});
</script></body></html>`;

/** Serves the bare page, cytoscape's own build and the graph body Sieve answered. */
async function bareCytoscapeServer(graphBody: Buffer): Promise<string> {
  const cytoscapeJs = readFileSync(path.join(ROOT, "node_modules", "cytoscape", "dist", "cytoscape.min.js"));
  const server = createServer((request, response) => {
    const [type, body] =
      request.url === "/cytoscape.min.js"
        ? ["text/javascript", cytoscapeJs]
        : request.url?.startsWith("/api/graph")
          ? ["application/json", graphBody]
          : ["text/html; charset=utf-8", Buffer.from(BARE_PAGE)];
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the bare page server has no port");
  return `http://127.0.0.1:${address.port}`;
}

async function waitForGraph(url: string): Promise<GraphResponse> {
  const deadline = performance.now() + 120_000;
  let last: GraphResponse | null = null;
  while (performance.now() < deadline) {
    const response = await fetch(`${url}/api/graph?window=5m`);
    if (response.ok) {
      last = (await response.json()) as GraphResponse;
      if (last.edges.length >= EDGES) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`/api/graph reached ${last?.edges.length ?? 0} edges, not ${EDGES}, within 120 s`);
}

export const graphPaint: Benchmark = {
  name: "graph-paint",
  issue: "#4, #12",
  goal: `first paint of a ${NAMESPACES}-namespace / ${EDGES.toLocaleString("en-US")}-edge graph in headless Chromium`,
  async run(log) {
    const loadBefore = loadAverage();
    ensureBuilt(log);
    const now = Date.now();
    const cluster = syntheticCluster({ namespaces: NAMESPACES, policies: 1_500, pods: 2_500, now });
    const view = createClusterView(cluster.objects);
    const random = seededRandom("sieve-bench/graph");
    const podsOf = cluster.namespaces.map((spec) => {
      const pods = view.podsMatching(spec.name, {}).filter((pod) => !pod.hostNetwork);
      if (pods.length === 0) throw new Error(`namespace ${spec.name} has no pod to draw flows from`);
      return pods;
    });

    const relay = await startDemoRelay({ capacity: EDGES * FLOWS_PER_EDGE + 1_000, clusterName: "homelab" });
    onCleanup(() => relay.stop());
    let uuid = 0;
    const flows = [];
    for (let i = 0; i < NAMESPACES; i += 1) {
      for (let k = 0; k < EDGES_PER_NAMESPACE; k += 1) {
        const j = (i + 1 + 37 * k) % NAMESPACES;
        const dropped = random.chance(0.1);
        for (let n = 0; n < FLOWS_PER_EDGE; n += 1) {
          const at = now - random.int(1_000, 30_000);
          flows.push(
            ingressFlow(random.pick(podsOf[i]!), random.pick(podsOf[j]!), 8000 + k, dropped, at, ++uuid),
          );
        }
      }
    }
    flows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    for (const flow of flows) relay.publish(flow);
    log(`relay holds ${flows.length} flows on ${EDGES} edges between ${NAMESPACES} namespaces`);

    const kube = await serveCluster(cluster.objects);
    const sieve = await startSieve({ kubeconfig: kube.kubeconfig, relayAddress: relay.address, log });
    const graph = await waitForGraph(sieve.url);
    const apiTimes: number[] = [];
    let apiBytes = 0;
    let graphBody = Buffer.alloc(0);
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      const body = await (await fetch(`${sieve.url}/api/graph?window=5m`)).arrayBuffer();
      apiTimes.push(performance.now() - started);
      apiBytes = body.byteLength;
      graphBody = Buffer.from(body);
    }
    const bareUrl = await bareCytoscapeServer(graphBody);
    log(`/api/graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
      ],
    });
    onCleanup(() => browser.close());
    const load = async (url = sieve.url): Promise<Load> => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(`${url}/`, { waitUntil: "commit" });
        await page.waitForFunction(() => performance.getEntriesByName("sieve:graph-drawn").length > 0, null, {
          timeout: 60_000,
          polling: 50,
        });
        return await page.evaluate(() => {
          const mark = performance.getEntriesByName("sieve:graph-drawn")[0] as PerformanceMark;
          const detail = mark.detail as { nodes: number; edges: number };
          const api = performance
            .getEntriesByType("resource")
            .find((entry) => entry.name.includes("/api/graph")) as PerformanceResourceTiming | undefined;
          const navigation = performance.getEntriesByType("navigation")[0] as
            PerformanceNavigationTiming | undefined;
          return {
            drawnMs: mark.startTime,
            nodes: detail.nodes,
            edges: detail.edges,
            graphResponseEndMs: api?.responseEnd ?? Number.NaN,
            domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
          };
        });
      } finally {
        await context.close();
      }
    };

    await load(); // warm-up: the server's first render of the page and route
    await load(bareUrl);
    const loads: Load[] = [];
    const bareLoads: Load[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      // Interleaved, so a burst of load on the machine hits both pages alike.
      loads.push(await load());
      bareLoads.push(await load(bareUrl));
    }
    const incomplete = [...loads, ...bareLoads].filter((l) => l.edges !== EDGES || l.nodes < NAMESPACES);
    if (incomplete.length > 0) {
      throw new Error(
        `a load drew ${incomplete[0]!.nodes} nodes / ${incomplete[0]!.edges} edges, not all of them`,
      );
    }
    const drawn = loads.map((l) => l.drawnMs);
    const bareDrawn = bareLoads.map((l) => l.drawnMs);
    const apiEnd = median(loads.map((l) => l.graphResponseEndMs));
    return {
      name: "graph-paint",
      figures: [
        {
          label: "first paint with all elements (median)",
          value: median(drawn),
          unit: "ms",
          target: { kind: "max", value: 2_000 },
        },
        { label: "bare cytoscape page, same elements (median)", value: median(bareDrawn), unit: "ms" },
        {
          label: "first paint ÷ bare cytoscape page",
          value: median(drawn) / median(bareDrawn),
          unit: "×",
          digits: 2,
        },
        { label: "/api/graph response end (median)", value: apiEnd, unit: "ms" },
        {
          label: "DOMContentLoaded (median)",
          value: median(loads.map((l) => l.domContentLoadedMs)),
          unit: "ms",
        },
      ],
      notes: [
        `load average at start: ${loadBefore}`,
        `${LOADS} loads after a warm-up, each in a fresh context: ${drawn.map((ms) => ms.toFixed(0)).join(", ")} ms; ` +
          `bare page: ${bareDrawn.map((ms) => ms.toFixed(0)).join(", ")} ms`,
        `GET /api/graph from Node: median ${median(apiTimes).toFixed(0)} ms, ${(apiBytes / 1024 / 1024).toFixed(2)} MB of JSON`,
        `drawn: ${loads[0]!.nodes} nodes, ${loads[0]!.edges} edges; from the graph response to the mark: ` +
          `${(median(drawn) - apiEnd).toFixed(0)} ms (JSON, React, cytoscape add + first frame)`,
        `load average at end: ${loadAverage()}`,
      ],
    };
  },
};
