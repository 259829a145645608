import v8 from "node:v8";
import type { Flow } from "@/lib/flows/flow";
import { getClusterView } from "@/server/cluster-view";
import { getRuntime } from "@/server/runtime";
import { reportFailures } from "./harness";

// Sieve's server runtime (server/runtime.ts), as `next start` holds it, minus Next.js itself: the
// Kubernetes cache, the flow feed following the relay, and what every flow goes into. The parent
// publishes flows and asks for memory figures after a full garbage collection.

export interface MemorySnapshot {
  flows: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** V8's heap spaces (new, old, code, large objects…): bytes used and bytes held. */
  spaces: Record<string, { used: number; size: number }>;
  graph: { namespaceNodes: number; edges: number; retainedSamples: number; worldDnsNames: number };
  recentDrops: number;
}

type Request = { type: "await"; total: number } | { type: "measure" };

const STALL_MS = 30_000;

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  reportFailures();
  if (!gc) throw new Error("start this child with --expose-gc");
  const runtime = getRuntime();
  let count = 0;
  let waiter: { total: number; since: number } | null = null;
  // Count flows where the runtime's own onFlow takes them in (every flow, echo replies and repeated
  // reports included, which the views leave out), without changing that path.
  const countFlow = runtime.metrics.recordFlow.bind(runtime.metrics);
  runtime.metrics.recordFlow = (flow: Flow) => {
    countFlow(flow);
    count += 1;
    if (waiter && count >= waiter.total) {
      waiter = null;
      process.send!({ type: "reached", count });
    }
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    const kinds = runtime.cluster?.syncStatus() ?? [];
    const synced = kinds.length > 0 && kinds.every((k) => k.state === "synced" || k.state === "absent");
    if (synced && runtime.flows?.status().state === "streaming") break;
    if (Date.now() > deadline) {
      throw new Error(
        `runtime not ready: ${JSON.stringify({ problems: runtime.problems, kinds, flows: runtime.flows?.status() })}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // As after the first page: the posture view of the cluster is computed and cached.
  getClusterView(runtime, Date.now());

  const snapshot = (): MemorySnapshot => {
    gc!();
    gc!();
    const usage = process.memoryUsage();
    return {
      flows: count,
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      spaces: Object.fromEntries(
        v8
          .getHeapSpaceStatistics()
          .map((space) => [space.space_name, { used: space.space_used_size, size: space.space_size }]),
      ),
      graph: runtime.graph.size(),
      recentDrops: runtime.recentDrops.size,
    };
  };

  const stallCheck = setInterval(() => {
    if (waiter && Date.now() - waiter.since > STALL_MS) {
      // The feed's state says whether flows were lost (a reconnect after a silence) or are only late.
      process.send!({
        type: "error",
        message: `stalled at ${count} flows waiting for ${waiter.total}; feed: ${JSON.stringify(runtime.flows?.status())}`,
      });
      waiter = null;
    }
  }, 1000);
  stallCheck.unref();

  process.on("message", (request: Request) => {
    if (request.type === "measure") process.send!({ type: "memory", snapshot: snapshot() });
    else if (count >= request.total) process.send!({ type: "reached", count });
    else waiter = { total: request.total, since: Date.now() };
  });
  process.send!({ type: "ready", snapshot: snapshot() });
}

void main();
