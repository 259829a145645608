import { describe, expect, it } from "vitest";
import { VERDICTS } from "./flow";
import { VerdictCounter, OVERFLOW_NAMESPACE, type VerdictTally } from "./verdict-counts";
import { testFlow, testPeer } from "./testing/test-flow";

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

  it("counts a flow between two untracked namespaces twice in the overflow, once per namespace", () => {
    const counter = new VerdictCounter({ maxNamespaces: 1 });
    counter.add(
      testFlow({ time: T0, source: testPeer({ namespace: "a" }), destination: testPeer({ namespace: "a" }) }),
    );
    counter.add(
      testFlow({ time: T0, source: testPeer({ namespace: "b" }), destination: testPeer({ namespace: "c" }) }),
    );
    expect(counter.countsSince(T0, 60_000).get(OVERFLOW_NAMESPACE)).toEqual({ FORWARDED: 2 });
  });

  it("sums like a plain per-bucket tally of the same flows, for any window", () => {
    const bucketMs = 10_000;
    const retentionMs = 600_000;
    const counter = new VerdictCounter({ bucketMs, retentionMs, maxNamespaces: 150 });
    // The reference: every flow kept with its bucket, namespaces tracked in order of arrival.
    const seen: { bucket: number; namespaces: string[]; verdict: (typeof VERDICTS)[number] }[] = [];
    const tracked = new Set<string>();
    const trackedName = (name: string) => {
      if (tracked.has(name)) return name;
      if (tracked.size >= 150) return OVERFLOW_NAMESPACE;
      tracked.add(name);
      return name;
    };
    let state = 17;
    const next = (n: number) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state % n;
    };
    let newest = -Infinity;
    for (let i = 0; i < 20_000; i++) {
      const time = T0 + i * 40 - next(30_000);
      const verdict = VERDICTS[next(VERDICTS.length)]!;
      const source = next(10) === 0 ? null : `ns-${next(200)}`;
      const destination = next(10) === 0 ? null : `ns-${next(200)}`;
      counter.add(
        testFlow({
          time,
          verdict,
          source: testPeer({ namespace: source }),
          destination: testPeer({ namespace: destination }),
        }),
      );
      const bucket = Math.floor(time / bucketMs) * bucketMs;
      if (bucket < newest - retentionMs) continue;
      newest = Math.max(newest, bucket);
      const names = [...new Set([source ?? "(outside the cluster)", destination ?? "(outside the cluster)"])];
      seen.push({ bucket, namespaces: names.map(trackedName), verdict });
    }
    for (const windowMs of [10_000, 60_000, 300_000, 600_000]) {
      const now = T0 + 20_000 * 40;
      const expected = new Map<string, VerdictTally>();
      for (const flow of seen) {
        if (
          flow.bucket + bucketMs <= now - windowMs ||
          flow.bucket > now ||
          flow.bucket < newest - retentionMs
        )
          continue;
        for (const namespace of flow.namespaces) {
          const tally = expected.get(namespace) ?? {};
          tally[flow.verdict] = (tally[flow.verdict] ?? 0) + 1;
          expected.set(namespace, tally);
        }
      }
      expect(expected.size).toBeGreaterThan(10);
      expect(counter.countsSince(now, windowMs)).toEqual(expected);
    }
  });
});
