import { describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { FlowRing, rfc3339ToNanos } from "./flow-ring";

function flow(second: number): HubbleFlowJson {
  return { time: `2025-01-01T00:00:${String(second).padStart(2, "0")}.000000001Z`, verdict: "FORWARDED" };
}

describe("FlowRing", () => {
  it("holds flows oldest first with monotonic sequence numbers", () => {
    const ring = new FlowRing(4);
    [1, 2, 3].forEach((second) => ring.push(flow(second)));
    expect(ring.snapshot().map((stored) => stored.seq)).toEqual([1, 2, 3]);
    expect(ring.snapshot()[0]?.flow.time).toBe("2025-01-01T00:00:01.000000001Z");
    expect(ring.size).toBe(3);
    expect(ring.seen).toBe(3);
  });

  it("overwrites the oldest flows once full, counting every flow seen", () => {
    const ring = new FlowRing(3);
    for (let second = 1; second <= 8; second++) ring.push(flow(second));
    expect(ring.size).toBe(3);
    expect(ring.seen).toBe(8);
    expect(ring.snapshot().map((stored) => stored.seq)).toEqual([6, 7, 8]);
  });

  it("keeps nanosecond flow times", () => {
    const ring = new FlowRing(2);
    const stored = ring.push(flow(5));
    expect(stored.timeNs).toBe(1_735_689_605_000_000_001n);
    expect(rfc3339ToNanos("2025-01-01T00:00:05.5+01:00")).toBe(1_735_686_005_500_000_000n);
    expect(rfc3339ToNanos("yesterday")).toBeNull();
    expect(() => ring.push({ time: "soon", verdict: "DROPPED" })).toThrow(/RFC 3339/);
  });

  it("hands new flows to subscribers until they unsubscribe", () => {
    const ring = new FlowRing(2);
    const received: number[] = [];
    const unsubscribe = ring.subscribe((stored) => received.push(stored.seq));
    ring.push(flow(1));
    ring.push(flow(2));
    expect(ring.subscriberCount).toBe(1);
    unsubscribe();
    ring.push(flow(3));
    expect(received).toEqual([1, 2]);
    expect(ring.subscriberCount).toBe(0);
  });

  it("lets a subscriber unsubscribe while being called", () => {
    const ring = new FlowRing(2);
    const received: number[] = [];
    const unsubscribe = ring.subscribe((stored) => {
      received.push(stored.seq);
      unsubscribe();
    });
    ring.subscribe((stored) => received.push(stored.seq * 10));
    ring.push(flow(1));
    ring.push(flow(2));
    expect(received).toEqual([1, 10, 20]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new FlowRing(0)).toThrow();
    expect(() => new FlowRing(1.5)).toThrow();
  });
});
