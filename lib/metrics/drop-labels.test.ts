import { describe, expect, it } from "vitest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { parseMetricsSettings } from "@/lib/config/metrics-settings";
import { dropClass, dropNamespace, GapTally, LabelCap, OUTSIDE_NAMESPACES } from "./drop-labels";

describe("drop labels", () => {
  it("puts a drop in the namespace whose policy dropped it", () => {
    const source = testPeer({ namespace: "shop" });
    const destination = testPeer({ namespace: "database" });
    expect(dropNamespace(testFlow({ direction: "egress", source, destination }))).toBe("shop");
    expect(dropNamespace(testFlow({ direction: "ingress", source, destination }))).toBe("database");
    const world = testPeer({ namespace: null });
    expect(dropNamespace(testFlow({ direction: "unknown", source: world, destination }))).toBe("database");
    expect(dropNamespace(testFlow({ direction: "egress", source: world, destination }))).toBe(
      OUTSIDE_NAMESPACES,
    );
  });

  it("classes reasons as policy, datapath or unreported", () => {
    expect(dropClass("POLICY_DENIED")).toBe("policy");
    expect(dropClass("CT_MAP_INSERTION_FAILED")).toBe("datapath");
    expect(dropClass(null)).toBe("unreported");
  });

  it("caps a label's distinct values", () => {
    const cap = new LabelCap(2);
    expect(["a", "b", "c", "a", "d"].map((value) => cap.label(value))).toEqual([
      "a",
      "b",
      "(other namespaces)",
      "a",
      "(other namespaces)",
    ]);
  });

  it("counts each gap once, merged or not, after it leaves the list too", () => {
    const tally = new GapTally();
    expect(tally.observe([])).toBe(0);
    expect(tally.observe([{ from: 10 }])).toBe(1);
    expect(tally.observe([{ from: 10 }])).toBe(1);
    expect(tally.observe([{ from: 10 }, { from: 50 }, { from: 90 }])).toBe(3);
    expect(tally.observe([{ from: 90 }, { from: 120 }])).toBe(4);
  });
});

describe("parseMetricsSettings", () => {
  it("is off unless SIEVE_METRICS turns it on", () => {
    expect(parseMetricsSettings({})).toEqual({ enabled: false, problems: [] });
    expect(parseMetricsSettings({ SIEVE_METRICS: "on" })).toEqual({ enabled: true, problems: [] });
    expect(parseMetricsSettings({ SIEVE_METRICS: "TRUE" }).enabled).toBe(true);
    expect(parseMetricsSettings({ SIEVE_METRICS: "maybe" })).toEqual({
      enabled: false,
      problems: ['SIEVE_METRICS: "maybe" is not on or off'],
    });
  });
});
