import { describe, expect, it } from "vitest";
import type { Flow } from "./flow";
import { RepeatedEvents, SAME_PACKET_WINDOW_MS } from "./repeated-events";
import { testFlow } from "./testing/test-flow";

const T = 1_700_000_000_000;
const drop = (overrides: Partial<Flow>): Flow =>
  testFlow({ verdict: "DROPPED", time: T, tcpFlags: ["SYN"], eventType: "policy-verdict", ...overrides });

describe("repeated reports of one packet", () => {
  it("counts a policy verdict and the drop notification of one SYN once", () => {
    const events = new RepeatedEvents();
    expect(events.isRepeat(drop({}))).toBe(false);
    expect(events.isRepeat(drop({ eventType: "drop", time: T + 1 }))).toBe(true);
  });

  it("counts the same packet seen on the destination node once", () => {
    const events = new RepeatedEvents();
    expect(events.isRepeat(drop({ verdict: "FORWARDED", eventType: "trace", node: "a" }))).toBe(false);
    expect(events.isRepeat(drop({ verdict: "FORWARDED", eventType: "trace", node: "b", time: T + 2 }))).toBe(
      true,
    );
  });

  it("counts a retransmission, another verdict, another flag set and an L7 record apart", () => {
    const events = new RepeatedEvents();
    events.isRepeat(drop({}));
    expect(events.isRepeat(drop({ time: T + 1_000 }))).toBe(false);
    expect(events.isRepeat(drop({ eventType: "drop", time: T + 1_000 + SAME_PACKET_WINDOW_MS + 1 }))).toBe(
      false,
    );
    expect(events.isRepeat(drop({ eventType: "drop", verdict: "AUDIT", time: T + 1 }))).toBe(false);
    expect(events.isRepeat(drop({ eventType: "drop", tcpFlags: ["ACK"], time: T + 1 }))).toBe(false);
    expect(
      events.isRepeat(drop({ eventType: "l7", time: T + 1, l7: { type: "REQUEST", dns: null, http: null } })),
    ).toBe(false);
  });

  it("keeps a fixed number of packets", () => {
    const events = new RepeatedEvents(2);
    events.isRepeat(drop({ sourcePort: 1 }));
    events.isRepeat(drop({ sourcePort: 2 }));
    events.isRepeat(drop({ sourcePort: 3 }));
    expect(events.isRepeat(drop({ sourcePort: 1, eventType: "drop" }))).toBe(false);
    expect(events.isRepeat(drop({ sourcePort: 3, eventType: "drop" }))).toBe(true);
  });
});
