import { describe, expect, it } from "vitest";
import { RecentFlows } from "./recent-flows";
import { testFlow } from "./testing/test-flow";

describe("RecentFlows", () => {
  it("keeps only the last `capacity` flows, oldest first", () => {
    const recent = new RecentFlows(3);
    for (let i = 1; i <= 5; i += 1) recent.push(testFlow({ id: `f${i}`, time: i }));
    expect(recent.size).toBe(3);
    expect(recent.since(0).map((f) => f.id)).toEqual(["f3", "f4", "f5"]);
  });

  it("tells whether it pushed flows out, and which flow is the oldest it holds", () => {
    const recent = new RecentFlows(3);
    expect(recent.oldest()).toBeUndefined();
    recent.push(testFlow({ id: "f1", time: 1 }));
    expect(recent.full).toBe(false);
    expect(recent.oldest()?.id).toBe("f1");
    for (let i = 2; i <= 4; i += 1) recent.push(testFlow({ id: `f${i}`, time: i }));
    expect(recent.full).toBe(true);
    expect(recent.oldest()?.id).toBe("f2");
  });

  it("answers a time window", () => {
    const recent = new RecentFlows(10);
    for (let i = 1; i <= 5; i += 1) recent.push(testFlow({ id: `f${i}`, time: i * 1000 }));
    expect(recent.since(3000).map((f) => f.id)).toEqual(["f3", "f4", "f5"]);
  });

  it("gives back each flow as it was pushed, every field, though it keeps them column-wise", () => {
    const flows = [
      testFlow({ id: "dropped", time: 1, verdict: "DROPPED", dropReason: "POLICY_DENIED", protocol: "UDP" }),
      testFlow({ id: "reply", time: 2, isReply: true, replyInferred: true, direction: "ingress" }),
      testFlow({
        id: "bare",
        time: 3,
        protocol: null,
        sourcePort: null,
        destinationPort: null,
        isReply: null,
      }),
      testFlow({ id: "not-inferred", time: 4, isReply: false, replyInferred: false, verdict: "AUDIT" }),
    ];
    const recent = new RecentFlows(4);
    for (const flow of flows) recent.push(flow);
    expect(recent.since(0)).toEqual(flows);
    expect(recent.oldest()).toEqual(flows[0]);
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => new RecentFlows(0)).toThrow("positive integer");
  });
});
