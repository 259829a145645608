import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { buildEvaluationContext } from "@/lib/evaluator/evaluation-context";
import { homelabCluster, PODS } from "@/lib/evaluator/testing/homelab-cluster";
import { wouldBeDrops } from "@/lib/evaluator/would-be-drops";
import { observed, podPeer, times, worldPeer } from "@/lib/fixes/testing/flows";
import { describeSpan, MIN_WINDOW_MS, reenableVerdict } from "./reenable-verdict";

const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const forwarded = { verdict: "FORWARDED" as const };
const toDns = () =>
  observed(podPeer(PODS.broken), podPeer(PODS.coredns, "10.244.0.53"), 53, { ...forwarded, protocol: "UDP" });
const toWorld = () => observed(podPeer(PODS.broken), worldPeer("1.2.3.4"), 443, forwarded);
const fromGateway = () =>
  observed(podPeer(PODS.internalGateway, "10.244.0.2"), podPeer(PODS.broken), 8080, forwarded);

const NOW = Date.UTC(2026, 11, 5, 12);
const MIN = 60_000;

describe("reenableVerdict", () => {
  it("says safe only when every flow of a long enough window would still pass, with the basis", () => {
    const verdict = reenableVerdict(wouldBeDrops("broken", times(4812, toDns), context), NOW - 12 * MIN, NOW);
    expect(verdict.kind).toBe("safe");
    expect(verdict.text).toBe(
      "safe: every flow observed over the last 12 min would still pass (12 min, 4,812 flows)",
    );
  });

  it("lists what would drop, by kind, most flows first", () => {
    const audit = wouldBeDrops(
      "broken",
      [...times(12, toWorld), ...times(2, fromGateway), ...times(3, toDns)],
      context,
    );
    const verdict = reenableVerdict(audit, NOW - 30 * MIN, NOW);
    expect(verdict).toMatchObject({ kind: "would-drop", drops: 14, kinds: 2, flows: 17 });
    expect(verdict.short).toBe("re-enable would drop 14 flows of 2 kinds");
    expect(verdict.text).toMatch(/^re-enabling now would drop 14 flows of 2 kinds: broken\/broken-1 → world/);
    expect(verdict.text).toContain(
      "12 flows; istio-gateway/internal-gw-1 → broken/broken-1 (TCP 8080): 2 flows",
    );
    expect(verdict.text).toMatch(/\(30 min, 17 flows\)$/);
  });

  it("never says safe from missing data", () => {
    const empty = reenableVerdict(wouldBeDrops("broken", [], context), NOW - 60 * MIN, NOW);
    expect(empty.kind).toBe("no-traffic");
    expect(empty.text).toBe("no traffic observed: cannot judge (1 h, 0 flows)");
    const short = reenableVerdict(wouldBeDrops("broken", times(3, toDns), context), NOW - 3 * MIN, NOW);
    expect(short.kind).toBe("short-window");
    expect(short.text).not.toMatch(/^safe/);
    expect(short.text).toContain("(3 min, 3 flows)");
    const justEnough = reenableVerdict(
      wouldBeDrops("broken", times(3, toDns), context),
      NOW - MIN_WINDOW_MS,
      NOW,
    );
    expect(justEnough.kind).toBe("safe");
  });

  it("reports drops even on a short window (they are evidence)", () => {
    const verdict = reenableVerdict(wouldBeDrops("broken", [toWorld()], context), NOW - MIN, NOW);
    expect(verdict.kind).toBe("would-drop");
    expect(verdict.short).toBe("re-enable would drop 1 flow of 1 kind");
  });

  it("words spans", () => {
    expect(describeSpan(45_000)).toBe("45 s");
    expect(describeSpan(125 * MIN)).toBe("2 h 5 min");
    expect(describeSpan(120 * MIN)).toBe("2 h");
  });
});
