import { startDemoRelay } from "@/server/demo/relay";
import {
  bundleForNode,
  exited,
  mb,
  nextMessage,
  onCleanup,
  spawnBundleChild,
  spawnTsChild,
  type Benchmark,
} from "./harness";
import type { MemorySnapshot } from "./memory-child";
import { serveCluster } from "./sieve-server";
import { POSTURE_CLUSTER, syntheticCluster } from "./synthetic-cluster";
import { flowConversations, flowStream } from "./synthetic-flows";

// Issue #4: the server's memory after 2 million flows. The runtime runs in a child with --expose-gc,
// synced to the 1,000-namespace cluster and following the relay; flows are generated lazily and
// published in batches, at most two ahead of what the child has taken in, so neither the relay's
// ring nor its per-follower queue grows. Flow times span two hours, past the one-hour retention of
// the graph and the counters, so the figures show whether memory levels off.

const TOTAL = 2_000_000;
const BATCH = 20_000;
const CHECKPOINTS = [500_000, 1_000_000, 1_500_000, 2_000_000];
const SPAN_MS = 2 * 60 * 60_000;
const IDLE_MS = 10_000;

type BaselineSnapshot = Pick<MemorySnapshot, "rss" | "heapUsed" | "heapTotal" | "external" | "arrayBuffers">;

/**
 * A child with the measured child's Node flags, loading `what` and nothing more
 * (memory-baseline-child.ts): Node alone, Node with tsx's loader, or Sieve's modules.
 */
async function baseline(what: "node" | "tsx" | "modules", bundle: string): Promise<BaselineSnapshot> {
  const env = { NODE_ENV: "production", SIEVE_BENCH_BASELINE: what };
  const child =
    what === "tsx"
      ? spawnTsChild("bench/memory-baseline-child.ts", ["--expose-gc"], env)
      : spawnBundleChild(bundle, ["--expose-gc"], env);
  const { snapshot } = await nextMessage<{ type: "baseline"; snapshot: BaselineSnapshot }>(
    child,
    "baseline",
    120_000,
  );
  await exited(child);
  return snapshot;
}

/** "RSS 350 MB = heap 131 used / 180 held, external 12 (array buffers 3), other 150". */
function split(s: BaselineSnapshot): string {
  const other = s.rss - s.heapTotal - s.external;
  return (
    `RSS ${mb(s.rss).toFixed(0)} MB = V8 heap ${mb(s.heapUsed).toFixed(0)} used / ${mb(s.heapTotal).toFixed(0)} held, ` +
    `external ${mb(s.external).toFixed(0)} (array buffers ${mb(s.arrayBuffers).toFixed(0)}), ` +
    `the rest (code, native, allocator) ${mb(other).toFixed(0)}`
  );
}

/** "old_space 120/130, new_space 1/16, …" in MB: where V8's heap holds memory. */
function spaces(s: MemorySnapshot): string {
  return Object.entries(s.spaces)
    .filter(([, space]) => space.size >= 1024 * 1024)
    .map(([name, space]) => `${name} ${mb(space.used).toFixed(0)}/${mb(space.size).toFixed(0)}`)
    .join(", ");
}

export const memory: Benchmark = {
  name: "memory",
  issue: "#4, #12",
  goal: "server memory after 2,000,000 flows through the runtime's flow path, no heap cap",
  async run(log) {
    // The runtime runs bundled, as Next.js runs it, not under tsx (whose own cost is shown apart).
    const [childBundle, baselineBundle] = await bundleForNode([
      "bench/memory-child.ts",
      "bench/memory-baseline-child.ts",
    ]);
    // Baselines in the same run: Node alone, Node with tsx, then Node with every module the child imports.
    const bare = await baseline("node", baselineBundle!);
    const withTsx = await baseline("tsx", baselineBundle!);
    const loaded = await baseline("modules", baselineBundle!);
    log(
      `baselines: Node ${mb(bare.rss).toFixed(0)} MB RSS, Node + tsx ${mb(withTsx.rss).toFixed(0)} MB, ` +
        `Node with Sieve's modules loaded ${mb(loaded.rss).toFixed(0)} MB`,
    );
    const now = Date.now();
    const cluster = syntheticCluster({ ...POSTURE_CLUSTER, now });
    const conversations = flowConversations(cluster.objects, cluster.namespaces, cluster.namespaces.length);
    const kube = await serveCluster(cluster.objects);
    const relay = await startDemoRelay({ clusterName: "homelab", maxQueuedPerFollower: 3 * BATCH });
    onCleanup(() => relay.stop());

    // No heap flags (#12): the figure is what the runtime keeps with V8's own defaults, not what a
    // cap forces it down to (scripts/sieve.mjs still gives the dashboard one).
    const child = spawnBundleChild(childBundle!, ["--expose-gc"], {
      SIEVE_KUBECONFIG: kube.kubeconfig,
      SIEVE_HUBBLE_ADDRESS: relay.address,
      SIEVE_HUBBLE_TLS: "false",
      NODE_ENV: "production",
    });
    const ready = await nextMessage<{ type: "ready"; snapshot: MemorySnapshot }>(child, "ready", 180_000);
    const snapshots: MemorySnapshot[] = [ready.snapshot];
    log(`runtime synced to ${cluster.counts.namespaces} namespaces; ${conversations.length} conversations`);

    const fromMs = now - 55 * 60_000;
    const flows = flowStream({ conversations, count: TOTAL, fromMs, toMs: fromMs + SPAN_MS });
    const started = performance.now();
    let published = 0;
    let confirmed = 0;
    let drops = 0;
    const publishBatch = () => {
      for (let i = 0; i < BATCH; i += 1) {
        const next = flows.next();
        if (next.done) break;
        if (next.value.verdict === "DROPPED") drops += 1;
        relay.publish(next.value);
        published += 1;
      }
    };
    publishBatch();
    while (confirmed < TOTAL) {
      const checkpoint = CHECKPOINTS.find((c) => c > confirmed) ?? TOTAL;
      if (published < checkpoint) publishBatch();
      child.send({ type: "await", total: Math.min(confirmed + BATCH, published) });
      const reached = await nextMessage<{ type: "reached"; count: number }>(child, "reached", 120_000);
      confirmed = reached.count;
      if (confirmed >= checkpoint && CHECKPOINTS.includes(checkpoint)) {
        child.send({ type: "measure" });
        const { snapshot } = await nextMessage<{ type: "memory"; snapshot: MemorySnapshot }>(
          child,
          "memory",
          60_000,
        );
        snapshots.push(snapshot);
        log(
          `${snapshot.flows.toLocaleString("en-US")} flows: RSS ${mb(snapshot.rss).toFixed(0)} MB, heap used ` +
            `${mb(snapshot.heapUsed).toFixed(0)} MB (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // V8 and the allocator give memory back lazily; an idle server shows what it keeps.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    child.send({ type: "measure" });
    const idle = (await nextMessage<{ type: "memory"; snapshot: MemorySnapshot }>(child, "memory", 60_000))
      .snapshot;
    const last = snapshots.at(-1)!;
    const middle = snapshots.find((s) => s.flows >= TOTAL / 2) ?? last;
    return {
      name: "memory",
      figures: [
        {
          label: "RSS after 2,000,000 flows",
          value: mb(last.rss),
          unit: "MB",
          target: { kind: "max", value: 200 },
        },
        { label: "heap used after 2,000,000 flows", value: mb(last.heapUsed), unit: "MB" },
        {
          label: "RSS growth from 1,000,000 to 2,000,000 flows",
          value: mb(last.rss - middle.rss),
          unit: "MB",
        },
        {
          label: "heap growth from 1,000,000 to 2,000,000 flows",
          value: mb(last.heapUsed - middle.heapUsed),
          unit: "MB",
        },
        { label: `RSS after ${IDLE_MS / 1000} s idle`, value: mb(idle.rss), unit: "MB" },
        {
          label: "RSS after 2,000,000 flows ÷ the same modules loaded, nothing started",
          value: last.rss / loaded.rss,
          unit: "×",
          digits: 2,
        },
        {
          label: "RSS after 2,000,000 flows ÷ Node alone",
          value: last.rss / bare.rss,
          unit: "×",
          digits: 2,
        },
      ],
      notes: [
        ...[...snapshots, idle].map(
          (s, i) =>
            (i === snapshots.length ? "idle " : "") +
            `${s.flows.toLocaleString("en-US").padStart(9)} flows: RSS ${mb(s.rss).toFixed(0)} MB, heap used ` +
            `${mb(s.heapUsed).toFixed(0)} MB / total ${mb(s.heapTotal).toFixed(0)} MB, external ${mb(s.external).toFixed(0)} MB; ` +
            `graph ${s.graph.namespaceNodes} namespaces, ${s.graph.edges} edges, ${s.graph.retainedSamples} samples; ` +
            `${s.recentDrops} recent drops`,
        ),
        `0 flows = cluster cache synced and its posture view computed, before any flow`,
        `baseline, Node alone: ${split(bare)}`,
        `baseline, Node + tsx's loader (not in the measured child; what tsx would add): ${split(withTsx)}`,
        `baseline, Sieve's modules loaded (bundled), nothing started: ${split(loaded)}`,
        `after ${last.flows.toLocaleString("en-US")} flows: ${split(last)}; V8 spaces used/held MB: ${spaces(last)}`,
        `${TOTAL.toLocaleString("en-US")} flows (${((100 * drops) / TOTAL).toFixed(1)} % dropped) over ` +
          `${SPAN_MS / 3_600_000} h of flow time, streamed in ${seconds.toFixed(0)} s (${(TOTAL / seconds).toFixed(0)}/s)`,
      ],
    };
  },
};
