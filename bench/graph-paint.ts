import { readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import type { GraphResponse } from "@/lib/api/responses";
import {
  DEFAULT_DETAIL_REQUEST,
  graphAtDetail,
  levelOfDetail,
  parseDetailRequest,
} from "@/lib/graph/graph-detail";
import { drawingNode, type DrawingEdge, type DrawingNode } from "@/lib/graph/graph-drawing";
import { edgeId, namespaceNodeId } from "@/lib/graph/graph-ids";
import { startDemoRelay } from "@/server/demo/relay";
import { seededRandom } from "@/server/demo/scenario/stable-random";
import { median, onCleanup, ROOT, type Benchmark, type Figure } from "./harness";
import { ensureBuilt, serveCluster, startSieve } from "./sieve-server";
import { syntheticCluster } from "./synthetic-cluster";
import { createClusterView, ingressFlow } from "./synthetic-flows";

// Issues #4, #11: the graph page's first frame and its frames per second while panning and
// zooming, at 500 namespaces / 5,000 edges and at 10,000 namespaces / 100,000 edges, in headless
// Chromium, each beside a bare cytoscape page drawing the same elements in the same browser.
//
// 500 / 5,000: Sieve's production build follows a relay holding flows on exactly 5,000 edges.
// 10,000 / 100,000: beyond the server's graph caps (1,000 namespaces, 8,000 edges), so a proxy in
// front of the same server answers /api/graph with a synthetic body of that size, shaped as the
// server's (the page fetches it every second, as it would from the server); everything else goes
// to the server. This measures the page, not the server.
//
// Each load opens the page in a fresh context (cold cache) and reads the "sieve:graph-drawn" mark
// NamespaceGraph sets after cytoscape's first frame with elements (from navigation start). Then
// frames are counted with requestAnimationFrame for ~3 s of scripted drags and wheel zooms over
// the canvas. Both renderers are measured: cytoscape's 2D canvas and its WebGL renderer, which
// headless Chromium without a GPU runs in software (SwiftShader).

const EDGES_PER_NAMESPACE = 10;
/** The graph's window (SIEVE_FLOW_WINDOW of the server measured): the flows are 1–30 s old at the start. */
const GRAPH_WINDOW = "1h";
const FLOWS_PER_EDGE = 2;
const LOADS = 2;
/**
 * A page that has not drawn by then counts as not drawn, reported, and the run goes on. A page that
 * takes this long is far past its target: waiting longer tells nothing more and would let one slow
 * page (bare cytoscape with 100,000 edges takes minutes, if ever) hold up the whole run.
 */
const LOAD_TIMEOUT_MS = 45_000;
/** The bare page with every edge, past the level of detail: a reference, given less time. */
const WHOLE_TIMEOUT_MS = 30_000;
const PAN_ZOOM_MS = 3_000;
/** A pan/zoom measurement stops sending input at PAN_ZOOM_MS; this bounds the wait for a stuck page. */
const PAN_ZOOM_TIMEOUT_MS = 20_000;
const CHROMIUM = process.env.SIEVE_CHROMIUM ?? "/usr/bin/chromium";

type Renderer = "canvas" | "webgl";

/**
 * For working on one part: `SIEVE_BENCH_GRAPH_SIZES=500` (or `10000`) measures one size only,
 * `SIEVE_BENCH_GRAPH_RENDERERS=canvas` one renderer only. Both sizes and both renderers by default;
 * what was left out is said in the notes.
 */
function selected<T extends string>(variable: string, all: readonly T[]): T[] {
  const wanted = process.env[variable]?.split(",").map((s) => s.trim()) ?? [];
  const chosen = all.filter((value) => wanted.includes(value));
  return chosen.length > 0 ? chosen : [...all];
}
const SIZES = selected("SIEVE_BENCH_GRAPH_SIZES", ["500", "10000"] as const);
const RENDERERS = selected<Renderer>("SIEVE_BENCH_GRAPH_RENDERERS", ["canvas", "webgl"]);

interface Load {
  drawnMs: number;
  /** When the page had the last byte of its first /api/graph answer, from navigation start. */
  graphReceivedMs: number;
  /** Bytes of that answer as sent (compressed if it was). */
  graphBytes: number;
  nodes: number;
  edges: number;
  renderer: string;
  /** NaN when the load was a warm-up, or the page did not answer the pan/zoom in time. */
  fps: number;
}

/** The baseline page: cytoscape alone drawing the graph's elements, with the same mark. */
const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>bare cytoscape</title></head>
<body style="margin:0"><div id="cy" data-testid="namespace-graph" style="width:100vw;height:100vh"></div>
<script src="/cytoscape.min.js"></script>
<script>
const params = new URLSearchParams(location.search);
const webgl = params.get("renderer") === "webgl" && document.createElement("canvas").getContext("webgl2") !== null;
document.getElementById("cy").dataset.renderer = webgl ? "webgl" : "canvas";
fetch("/api/graph?set=" + params.get("set")).then((r) => r.json()).then((graph) => {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const cy = cytoscape({
    container: document.getElementById("cy"),
    layout: { name: "grid" },
    minZoom: 0.02,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    ...(webgl ? { renderer: { name: "canvas", webgl: true } } : {}),
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id } })),
      ...graph.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
    ],
  });
  const markDrawn = () =>
    performance.mark("sieve:graph-drawn", { detail: { nodes: cy.nodes().length, edges: cy.edges().length } });
  // As NamespaceGraph does: WebGL emits no "render" event.
  if (webgl) requestAnimationFrame(() => requestAnimationFrame(markDrawn));
  else cy.one("render", markDrawn);
});
</script></body></html>`;

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("a bench server has no port");
  return `http://127.0.0.1:${address.port}`;
}

/** Serves the bare page, cytoscape's own build, and the graph: all of it, or what Sieve draws. */
async function bareCytoscapeServer(bodies: { all: Buffer; drawn: Buffer }): Promise<string> {
  const cytoscapeJs = readFileSync(path.join(ROOT, "node_modules", "cytoscape", "dist", "cytoscape.min.js"));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://bench");
    const [type, body] =
      url.pathname === "/cytoscape.min.js"
        ? ["text/javascript", cytoscapeJs]
        : url.pathname === "/api/graph"
          ? ["application/json", url.searchParams.get("set") === "all" ? bodies.all : bodies.drawn]
          : ["text/html; charset=utf-8", Buffer.from(BARE_PAGE)];
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  });
  return listen(server);
}

/**
 * Sieve as it is, except that /api/graph answers from `graph`, cut to the level of detail each
 * request asks, on each request, with the route's own function (as the route does after its snapshot).
 */
export async function graphProxy(sieveUrl: string, graph: GraphResponse): Promise<string> {
  const target = new URL(sieveUrl);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://bench");
    if (url.pathname === "/api/graph") {
      const body = JSON.stringify(graphAtDetail(graph, parseDetailRequest(url.searchParams).request));
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(body);
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: request.url,
        method: request.method,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  return listen(server);
}

async function waitForGraph(url: string, edges: number): Promise<Buffer> {
  const deadline = performance.now() + 120_000;
  let last = 0;
  while (performance.now() < deadline) {
    const response = await fetch(`${url}/api/graph?window=${GRAPH_WINDOW}&detail=all`);
    if (response.ok) {
      const body = Buffer.from(await response.arrayBuffer());
      last = (JSON.parse(body.toString("utf8")) as GraphResponse).edges.length;
      if (last >= edges) return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`/api/graph reached ${last} edges, not ${edges}, within 120 s`);
}

/** Flows on exactly namespaces × 10 edges, 10 % of them dropped, published to a demo relay. */
async function relayWithFlows(namespaces: number, now: number, log: (line: string) => void) {
  const cluster = syntheticCluster({ namespaces, policies: 1_500, pods: 2_500, now });
  const view = createClusterView(cluster.objects);
  const random = seededRandom("sieve-bench/graph");
  const podsOf = cluster.namespaces.map((spec) => {
    const pods = view.podsMatching(spec.name, {}).filter((pod) => !pod.hostNetwork);
    if (pods.length === 0) throw new Error(`namespace ${spec.name} has no pod to draw flows from`);
    return pods;
  });
  const edges = namespaces * EDGES_PER_NAMESPACE;
  const relay = await startDemoRelay({ capacity: edges * FLOWS_PER_EDGE + 1_000, clusterName: "homelab" });
  onCleanup(() => relay.stop());
  let uuid = 0;
  const flows = [];
  for (let i = 0; i < namespaces; i += 1) {
    for (let k = 0; k < EDGES_PER_NAMESPACE; k += 1) {
      const j = (i + 1 + 37 * k) % namespaces;
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
  log(`relay holds ${flows.length} flows on ${edges} edges between ${namespaces} namespaces`);
  return { relay, cluster };
}

/**
 * A /api/graph body of `namespaces` application namespaces and 10 edges out of each (1 % with
 * drops), shaped as Sieve answers it; profiles and stats are the server's own.
 */
export function syntheticGraph(template: GraphResponse, namespaces: number): GraphResponse {
  const random = seededRandom("sieve-bench/graph-synthetic");
  const name = (i: number) => `team-${String(i).padStart(5, "0")}`;
  const nodes: DrawingNode[] = Array.from({ length: namespaces }, (_, i) => {
    const rank = i % Math.max(1, template.profiles.length);
    return drawingNode(
      { id: namespaceNodeId(name(i)), label: name(i), kind: "namespace", namespace: name(i), counts: {} },
      {
        namespaceKind: "application",
        profile: template.profiles[rank]?.name ?? null,
        profileRank: template.profiles.length > 0 ? rank : null,
      },
    );
  });
  const edges: DrawingEdge[] = [];
  for (let i = 0; i < namespaces; i += 1) {
    for (let k = 0; k < EDGES_PER_NAMESPACE; k += 1) {
      const j = (i + 1 + 37 * k) % namespaces;
      const dropped = random.chance(0.01) ? random.int(1, 40) : 0;
      const forwarded = dropped > 0 ? 0 : random.int(1, 200);
      const source = nodes[i]!;
      const target = nodes[j]!;
      source.dropped += dropped;
      target.dropped += dropped;
      source.forwarded += forwarded;
      target.forwarded += forwarded;
      edges.push({
        id: edgeId(source.id, target.id, "TCP", 8000 + k, "ingress"),
        source: source.id,
        target: target.id,
        label: `${8000 + k}/TCP`,
        dropped,
        audited: 0,
        forwarded,
      });
    }
  }
  return graphAtDetail({ ...template, nodes, edges }, { all: true, keep: null });
}

/** Frames per second counted with requestAnimationFrame while dragging and wheel-zooming the canvas. */
async function panZoomFps(page: Page): Promise<number> {
  const box = await page.getByTestId("namespace-graph").boundingBox();
  if (!box) throw new Error("no graph canvas to pan");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  // A string, not a function: tsx would wrap the function's inner names in a helper the page lacks.
  await page.evaluate(`(() => {
    const counter = { frames: 0, running: true, started: performance.now() };
    globalThis.__frameCounter = counter;
    const tick = () => {
      if (!counter.running) return;
      counter.frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  // The deadline is checked before every input, so a page that answers slowly is not sent more.
  const until = performance.now() + PAN_ZOOM_MS;
  const more = () => performance.now() < until;
  for (let round = 0; more(); round += 1) {
    const direction = round % 2 === 0 ? 1 : -1;
    await page.mouse.down();
    for (let step = 1; step <= 8 && more(); step += 1)
      await page.mouse.move(x + direction * step * 20, y + step * 10);
    await page.mouse.up();
    if (!more()) break;
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, -240);
    if (more()) await page.mouse.wheel(0, 240);
  }
  const { frames, ms } = await page.evaluate<{ frames: number; ms: number }>(`(() => {
    const counter = globalThis.__frameCounter;
    counter.running = false;
    return { frames: counter.frames, ms: performance.now() - counter.started };
  })()`);
  return (frames * 1000) / ms;
}

/** `work`, or an error naming `what` when it has not settled within `ms`. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function load(
  browser: Browser,
  url: string,
  { timeoutMs = LOAD_TIMEOUT_MS, panZoom = true }: { timeoutMs?: number; panZoom?: boolean } = {},
): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message.split("\n")[0]!));
    await page.goto(url, { waitUntil: "commit" });
    await page
      .waitForFunction(() => performance.getEntriesByName("sieve:graph-drawn").length > 0, null, {
        timeout: timeoutMs,
        polling: 50,
      })
      .catch((error: Error) => {
        throw new Error(
          `${url}: no graph drawn within ${timeoutMs / 1000} s (page errors: ${errors.join("; ") || "none"})`,
          {
            cause: error,
          },
        );
      });
    const drawn = await page.evaluate<{
      drawnMs: number;
      graphReceivedMs: number;
      graphBytes: number;
      nodes: number;
      edges: number;
    }>(`(() => {
      const mark = performance.getEntriesByName("sieve:graph-drawn")[0];
      const graph = performance
        .getEntriesByType("resource")
        .find((entry) => new URL(entry.name).pathname === "/api/graph");
      return {
        drawnMs: mark.startTime,
        graphReceivedMs: graph ? graph.responseEnd : Number.NaN,
        graphBytes: graph ? graph.encodedBodySize : Number.NaN,
        nodes: mark.detail.nodes,
        edges: mark.detail.edges,
      };
    })()`);
    const renderer = (await page.getByTestId("namespace-graph").getAttribute("data-renderer")) ?? "?";
    const fps = panZoom
      ? await within(PAN_ZOOM_TIMEOUT_MS, `${url}: pan/zoom`, panZoomFps(page)).catch(() => Number.NaN)
      : Number.NaN;
    return { ...drawn, renderer, fps };
  } finally {
    await context.close();
  }
}

/** A load, or null (logged) when the page did not draw in time. */
async function tryLoad(
  browser: Browser,
  url: string,
  log: (line: string) => void,
  options: { timeoutMs?: number; panZoom?: boolean } = {},
): Promise<Load | null> {
  const timeoutMs = options.timeoutMs ?? LOAD_TIMEOUT_MS;
  try {
    // The page's own wait is bounded by timeoutMs; this also bounds opening and closing its context.
    return await within(
      timeoutMs + PAN_ZOOM_TIMEOUT_MS + 30_000,
      url,
      load(browser, url, { ...options, timeoutMs }),
    );
  } catch (error) {
    log(`${(error as Error).message.split("\n")[0]}`);
    return null;
  }
}

interface SizeResult {
  figures: Figure[];
  notes: string[];
}

/** Every variant at one size: Sieve and the bare page, canvas and WebGL, interleaved. */
async function measureSize(options: {
  browsers: Record<Renderer, Browser>;
  label: string;
  sieveUrl: string;
  graphBody: Buffer;
  firstFrameTarget: number;
  log: (line: string) => void;
}): Promise<SizeResult> {
  const { browsers, label, sieveUrl, graphBody, log } = options;
  const graph = JSON.parse(graphBody.toString("utf8")) as GraphResponse;
  // What the page draws at its level of detail, handed to the bare page as the same elements.
  // The page draws what /api/graph answers by default: the same function cuts the bare page's body.
  const detail = levelOfDetail(graph);
  const drawnBody = Buffer.from(JSON.stringify(graphAtDetail(graph, DEFAULT_DETAIL_REQUEST)));
  const bareUrl = await bareCytoscapeServer({ all: graphBody, drawn: drawnBody });
  const variants: Record<string, { url: string; browser: Browser }> = {};
  for (const renderer of RENDERERS) {
    const browser = browsers[renderer];
    variants[`sieve ${renderer}`] = { url: `${sieveUrl}/?renderer=${renderer}`, browser };
    variants[`bare ${renderer}`] = { url: `${bareUrl}/?set=drawn&renderer=${renderer}`, browser };
  }
  const loads = new Map<string, (Load | null)[]>(Object.keys(variants).map((name) => [name, []]));
  // Warm-up: the server's first render of the page and route, cytoscape's first compile. Its
  // frames per second are not counted, so it draws only.
  for (const { url, browser } of Object.values(variants))
    await tryLoad(browser, url, log, { panZoom: false });
  for (let i = 0; i < LOADS; i += 1) {
    // Interleaved, so a burst of load on the machine hits every page alike.
    for (const [name, { url, browser }] of Object.entries(variants))
      loads.get(name)!.push(await tryLoad(browser, url, log));
  }
  for (const [name, list] of loads) {
    const wrong = list.find(
      (l): l is Load => l !== null && (l.edges !== detail.edges.length || l.nodes !== detail.nodes.length),
    );
    if (wrong)
      throw new Error(
        `${label} ${name} drew ${wrong.nodes} nodes / ${wrong.edges} edges, not ${detail.nodes.length} / ${detail.edges.length}`,
      );
  }
  log(`${label}: bare page with all ${graph.edges.length} edges (one load)…`);
  const whole = await tryLoad(browsers.canvas, `${bareUrl}/?set=all`, log, { timeoutMs: WHOLE_TIMEOUT_MS });

  // Failed loads are left out; a page that never drew has NaN.
  const done = (name: string) => loads.get(name)!.filter((l): l is Load => l !== null);
  const first = (name: string) =>
    done(name).length > 0 ? median(done(name).map((l) => l.drawnMs)) : Number.NaN;
  const fps = (name: string) => {
    const counted = done(name).filter((l) => !Number.isNaN(l.fps));
    return counted.length > 0 ? median(counted.map((l) => l.fps)) : Number.NaN;
  };
  const received = (name: string) =>
    done(name).length > 0 ? median(done(name).map((l) => l.graphReceivedMs)) : Number.NaN;
  const figures: Figure[] = [];
  for (const renderer of RENDERERS) {
    const sieve = `sieve ${renderer}`;
    const bare = `bare ${renderer}`;
    figures.push(
      {
        label: `${label} first frame, ${renderer} (median)`,
        value: first(sieve),
        unit: "ms",
        target: { kind: "max", value: options.firstFrameTarget },
      },
      {
        label: `${label} first frame, ${renderer} ÷ bare cytoscape`,
        value: first(sieve) / first(bare),
        unit: "×",
        digits: 2,
      },
      {
        label: `${label} pan/zoom, ${renderer} (median)`,
        value: fps(sieve),
        unit: "fps",
        target: { kind: "min", value: 30 },
      },
      {
        label: `${label} pan/zoom, ${renderer} ÷ bare cytoscape`,
        value: fps(sieve) / fps(bare),
        unit: "×",
        digits: 2,
      },
    );
  }
  const list = (name: string) =>
    loads
      .get(name)!
      .map((l) =>
        l
          ? `${l.drawnMs.toFixed(0)} ms (graph received at ${l.graphReceivedMs.toFixed(0)} ms, ${(l.graphBytes / 1024).toFixed(0)} KiB)/${l.fps.toFixed(0)} fps`
          : "not drawn",
      )
      .join(", ");
  const notes = [
    `${label}: data ${graph.nodes.length} nodes / ${graph.edges.length} edges (${(graphBody.byteLength / 1024 / 1024).toFixed(1)} MB of JSON, ` +
      `${(drawnBody.byteLength / 1024 / 1024).toFixed(1)} MB at the level of detail /api/graph answers by default); ` +
      `drawn at the level of detail: ${detail.nodes.length} nodes / ${detail.edges.length} edges, ` +
      `${detail.droppingEdgesDrawn} of ${detail.droppingEdges} with drops`,
    ...Object.keys(variants).map(
      (name) => `${label} ${name} (renderer used: ${done(name)[0]?.renderer ?? "?"}): ${list(name)}`,
    ),
    ...RENDERERS.map(
      (renderer) =>
        `${label} ${renderer}: /api/graph received (median) at ${received(`sieve ${renderer}`).toFixed(0)} ms by Sieve, ` +
        `${received(`bare ${renderer}`).toFixed(0)} ms by the bare page; first frame ${first(`sieve ${renderer}`).toFixed(0)} / ${first(`bare ${renderer}`).toFixed(0)} ms`,
    ),
    whole
      ? `${label} bare canvas with all ${whole.edges} edges: first frame ${whole.drawnMs.toFixed(0)} ms, ${whole.fps.toFixed(1)} fps`
      : `${label} bare canvas with all ${graph.edges.length} edges: did not draw within ${WHOLE_TIMEOUT_MS / 1000} s`,
  ];
  return { figures, notes };
}

/** Namespaces of the floor's graph (ten edges each): a homelab's size, the demo's. */
const FLOOR_NAMESPACES = 20;

/**
 * The page's floor: Sieve's graph page drawing a graph of a homelab's size, on the 2D canvas,
 * beside the bare page drawing it. What every first frame costs before the graph's size adds to
 * it (loading and starting the page itself), so a size's first frame can be read against it.
 */
async function measureFloor(
  browser: Browser,
  template: GraphResponse,
  sieveUrl: string,
  log: (line: string) => void,
): Promise<SizeResult> {
  const graph = syntheticGraph(template, FLOOR_NAMESPACES);
  const body = Buffer.from(JSON.stringify(graph));
  const variants = {
    sieve: `${await graphProxy(sieveUrl, graph)}/?renderer=canvas`,
    bare: `${await bareCytoscapeServer({ all: body, drawn: body })}/?set=drawn&renderer=canvas`,
  };
  for (const url of Object.values(variants)) await tryLoad(browser, url, log, { panZoom: false });
  const drawn: Record<keyof typeof variants, number[]> = { sieve: [], bare: [] };
  for (let i = 0; i < LOADS; i += 1)
    for (const [name, url] of Object.entries(variants) as [keyof typeof variants, string][]) {
      const loaded = await tryLoad(browser, url, log, { panZoom: false });
      if (loaded) drawn[name].push(loaded.drawnMs);
    }
  const first = (name: keyof typeof variants) => (drawn[name].length > 0 ? median(drawn[name]) : Number.NaN);
  const label = `floor ${FLOOR_NAMESPACES}/${graph.edges.length}`;
  return {
    figures: [
      { label: `${label} first frame, canvas (median)`, value: first("sieve"), unit: "ms" },
      {
        label: `${label} first frame ÷ bare cytoscape`,
        value: first("sieve") / first("bare"),
        unit: "×",
        digits: 2,
      },
    ],
    notes: [
      `${label}: Sieve's page drawing ${graph.nodes.length} nodes / ${graph.edges.length} edges: ${drawn.sieve.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}; ` +
        `the bare page: ${drawn.bare.map((ms) => `${ms.toFixed(0)} ms`).join(", ")} (what loading and starting each page costs before the graph's size does)`,
    ],
  };
}

export const graphPaint: Benchmark = {
  name: "graph-paint",
  issue: "#4, #11, #12",
  goal: "graph first frame and pan/zoom frames per second at 500/5,000 and 10,000/100,000 (namespaces/edges)",
  async run(log) {
    ensureBuilt(log);
    const now = Date.now();
    const namespaces = 500;
    const { relay, cluster } = await relayWithFlows(namespaces, now, log);
    const kube = await serveCluster(cluster.objects);
    // A window far longer than the run, so that no flow ages out of the graph while it is measured
    // (each page must draw what the bench computed from the graph it read first).
    const sieve = await startSieve({
      kubeconfig: kube.kubeconfig,
      relayAddress: relay.address,
      env: { SIEVE_FLOW_WINDOW: GRAPH_WINDOW },
      log,
    });
    const smallBody = await waitForGraph(sieve.url, namespaces * EDGES_PER_NAMESPACE);
    const small = JSON.parse(smallBody.toString("utf8")) as GraphResponse;
    log(`/api/graph: ${small.nodes.length} nodes, ${small.edges.length} edges`);
    const big = syntheticGraph(small, 10_000);
    const bigBody = Buffer.from(JSON.stringify(big));
    const bigUrl = await graphProxy(sieve.url, big);

    // No GPU here. The 2D canvas is rasterised on the CPU (--disable-gpu, as Chromium does without
    // a GPU); WebGL runs on SwiftShader, which Chromium only allows when told to. SwiftShader also
    // takes over the 2D canvas when enabled, which slows it several times: hence two browsers.
    const common = ["--no-sandbox", "--disable-background-networking", "--disable-quic", "--no-first-run"];
    const browsers: Record<Renderer, Browser> = {
      canvas: await chromium.launch({ executablePath: CHROMIUM, args: [...common, "--disable-gpu"] }),
      webgl: await chromium.launch({
        executablePath: CHROMIUM,
        args: [...common, "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
      }),
    };
    onCleanup(async () => {
      await browsers.canvas.close();
      await browsers.webgl.close();
    });
    const results: SizeResult[] = [];
    if (SIZES.includes("500"))
      results.push(
        await measureSize({
          browsers,
          label: "500/5,000",
          sieveUrl: sieve.url,
          graphBody: smallBody,
          firstFrameTarget: 1_000,
          log,
        }),
      );
    if (SIZES.includes("10000"))
      results.push(
        await measureSize({
          browsers,
          label: "10,000/100,000",
          sieveUrl: bigUrl,
          graphBody: bigBody,
          firstFrameTarget: 2_000,
          log,
        }),
      );
    results.push(await measureFloor(browsers.canvas, small, sieve.url, log));
    const partial =
      SIZES.length < 2 || RENDERERS.length < 2
        ? [`partial run: sizes ${SIZES.join(", ")}, renderers ${RENDERERS.join(", ")} (SIEVE_BENCH_GRAPH_*)`]
        : [];
    return {
      name: "graph-paint",
      figures: results.flatMap((r) => r.figures),
      notes: [
        ...partial,
        "canvas pages in Chromium with --disable-gpu (CPU raster); WebGL pages in Chromium with SwiftShader (software WebGL)",
        `${LOADS} loads per page after a warm-up (drawn only), each in a fresh context, interleaved; first frame from navigation start; ` +
          `a page not drawn within ${LOAD_TIMEOUT_MS / 1000} s (${WHOLE_TIMEOUT_MS / 1000} s with all edges) is reported as not drawn and left out; ` +
          `pan/zoom: requestAnimationFrame callbacks per second during ${PAN_ZOOM_MS / 1000} s of drags and wheel zooms`,
        "10,000/100,000: /api/graph answered by a proxy from a synthetic graph (the server caps its graph at 1,000 namespaces / 8,000 edges), " +
          "cut on each request to the level of detail asked with the route's own function (graphAtDetail)",
        ...results.flatMap((r) => r.notes),
      ],
    };
  },
};
