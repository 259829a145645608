import { describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { FlowRing } from "./flow-ring";
import { flowsRate, NamespaceTracker } from "./relay-status";

const NOW_MS = Date.UTC(2025, 0, 1, 12, 0, 0);
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;

function flowSecondsAgo(seconds: number, source?: string, destination?: string): HubbleFlowJson {
  return {
    time: new Date(NOW_MS - seconds * 1000).toISOString(),
    verdict: "FORWARDED",
    source: source ? { namespace: source } : undefined,
    destination: destination ? { namespace: destination } : {},
  };
}

describe("flowsRate", () => {
  it("counts the flows of the last minute per second", () => {
    const ring = new FlowRing(100);
    ring.push(flowSecondsAgo(90));
    for (let i = 0; i < 30; i++) ring.push(flowSecondsAgo(59 - i));
    expect(flowsRate(ring, NOW_NS)).toBeCloseTo(30 / 60, 6);
  });

  it("covers only the span the ring still holds once it has overwritten recent flows", () => {
    const ring = new FlowRing(10);
    for (let i = 0; i < 40; i++) ring.push(flowSecondsAgo(40 - i));
    // The ring holds the flows from 10 s ago to 1 s ago.
    expect(flowsRate(ring, NOW_NS)).toBeCloseTo(10 / 10, 6);
  });

  it("is zero for an empty ring", () => {
    expect(flowsRate(new FlowRing(4), NOW_NS)).toBe(0);
  });
});

describe("NamespaceTracker", () => {
  it("lists distinct namespaces from either side, sorted", () => {
    const tracker = new NamespaceTracker("sieve-demo");
    tracker.record(flowSecondsAgo(0, "shop", "database"), NOW_MS);
    tracker.record(flowSecondsAgo(0, "batch", "database"), NOW_MS);
    tracker.record(flowSecondsAgo(0, undefined, "monitoring"), NOW_MS);
    expect(tracker.list(NOW_MS)).toEqual([
      { cluster: "sieve-demo", namespace: "batch" },
      { cluster: "sieve-demo", namespace: "database" },
      { cluster: "sieve-demo", namespace: "monitoring" },
      { cluster: "sieve-demo", namespace: "shop" },
    ]);
  });

  it("forgets namespaces not seen for an hour", () => {
    const tracker = new NamespaceTracker("sieve-demo");
    tracker.record(flowSecondsAgo(0, "old"), NOW_MS - 3_700_000);
    tracker.record(flowSecondsAgo(0, "recent"), NOW_MS - 60_000);
    expect(tracker.list(NOW_MS).map((entry) => entry.namespace)).toEqual(["recent"]);
  });
});
