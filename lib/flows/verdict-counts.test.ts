import { describe, expect, it } from "vitest";
import { VerdictCounter, OVERFLOW_NAMESPACE } from "./verdict-counts";
import { testFlow, testPeer } from "./test-flow";

const T0 = 1_700_000_000_000;

describe("VerdictCounter", () => {
  it("counts a flow once for each namespace it touches", () => {
    const counter = new VerdictCounter();
    counter.add(testFlow({ time: T0, verdict: "DROPPED" }));
    counter.add(testFlow({ time: T0, destination: testPeer({ namespace: "app" }) }));
    const counts = counter.countsSince(T0, 60_000);
    expect(counts.get("app")).toEqual({ DROPPED: 1, FORWARDED: 1 });
    expect(counts.get("database")).toEqual({ DROPPED: 1 });
  });

  it("only sums buckets inside the requested window", () => {
    const counter = new VerdictCounter({ bucketMs: 1_000 });
    counter.add(testFlow({ time: T0 - 120_000 }));
    counter.add(testFlow({ time: T0 - 10_000 }));
    expect(counter.countsSince(T0, 60_000).get("app")).toEqual({ FORWARDED: 1 });
    expect(counter.countsSince(T0, 300_000).get("app")).toEqual({ FORWARDED: 2 });
  });

  it("forgets buckets older than the retention and ignores flows older than it", () => {
    const counter = new VerdictCounter({ bucketMs: 1_000, retentionMs: 10_000 });
    counter.add(testFlow({ time: T0 }));
    counter.add(testFlow({ time: T0 + 60_000 }));
    counter.add(testFlow({ time: T0 - 3_600_000 }));
    expect(counter.countsSince(T0 + 60_000, 3_600_000).get("app")).toEqual({ FORWARDED: 1 });
  });

  it("caps the namespaces it tracks and lumps the rest together", () => {
    const counter = new VerdictCounter({ maxNamespaces: 2 });
    for (const ns of ["a", "b", "c", "d"]) {
      counter.add(
        testFlow({ time: T0, source: testPeer({ namespace: ns }), destination: testPeer({ namespace: ns }) }),
      );
    }
    const counts = counter.countsSince(T0, 60_000);
    expect([...counts.keys()].sort()).toEqual([OVERFLOW_NAMESPACE, "a", "b"].sort());
    expect(counts.get(OVERFLOW_NAMESPACE)).toEqual({ FORWARDED: 2 });
  });

  it("names peers outside the cluster", () => {
    const counter = new VerdictCounter();
    counter.add(testFlow({ time: T0, destination: testPeer({ namespace: null, reserved: "world" }) }));
    expect(counter.countsSince(T0, 60_000).get("(outside the cluster)")).toEqual({ FORWARDED: 1 });
  });
});
