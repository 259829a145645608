import v8 from "node:v8";
import type { MemorySnapshot } from "./memory-child";

// The baselines of the memory benchmark (#12): the same Node, loader flags and modules as the
// measured child, with nothing started. With SIEVE_BENCH_BASELINE=modules it imports everything memory-child.ts imports
// (the server runtime and the cluster view, hence the flow path, the Kubernetes cache, the gRPC
// client and tsx's compiled sources); without it, only Node and tsx. Sieve's figure divided by
// these is what the runtime adds over merely being loaded.

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!gc) throw new Error("start this child with --expose-gc");
  if (process.env.SIEVE_BENCH_BASELINE === "modules") {
    await import("@/server/runtime");
    await import("@/server/cluster-view");
  }
  gc();
  gc();
  const usage = process.memoryUsage();
  const snapshot: Pick<MemorySnapshot, "rss" | "heapUsed" | "heapTotal" | "external" | "arrayBuffers"> = {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
  };
  process.send!({ type: "baseline", snapshot, codeSpace: v8.getHeapCodeStatistics() });
  process.disconnect();
}

void main();
