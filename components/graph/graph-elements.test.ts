import { describe, expect, it } from "vitest";
import { edgeData, nodeData } from "./graph-elements";
import {
  DROPPED_COLOR,
  edgeWidth,
  FORWARDED_COLOR,
  profileColor,
  RECOVERED_COLOR,
  RECOVERY_UNKNOWN_COLOR,
  WOULD_DROP_COLOR,
} from "./graph-style";

describe("graph element data", () => {
  it("labels a namespace with its access labels and an enforcement warning, as plain text", () => {
    const data = nodeData({
      id: "ns:<b>x</b>",
      namespace: "<b>x</b>",
      dnsNames: [],
      label: "<b>x</b>",
      kind: "namespace",
      namespaceKind: "application",
      profile: "standard",
      profileRank: 3,
      accessLabels: ["postgres", "kube-api"],
      enforcementDisabled: true,
      dropped: 3,
      audited: 0,
      forwarded: 1,
    });
    expect(data.displayLabel).toBe("<b>x</b>\n[postgres, kube-api]\n⚠ enforcement off");
    expect(data.color).toBe(profileColor(3));
  });

  it("gives any number of profiles distinct colours, and none to a namespace without a known profile", () => {
    const node = {
      id: "ns:a",
      namespace: "a",
      dnsNames: [],
      label: "a",
      kind: "namespace" as const,
      namespaceKind: "application" as const,
      profile: "p",
      accessLabels: [],
      enforcementDisabled: false,
      dropped: 0,
      audited: 0,
      forwarded: 0,
    };
    const colours = [0, 1, 2, 3, 4, 5].map((rank) => nodeData({ ...node, profileRank: rank }).color);
    expect(new Set(colours).size).toBe(6);
    expect(colours).not.toContain(nodeData({ ...node, profileRank: null }).color);
  });

  it("colors an edge red as soon as it carries a drop and widens it with volume", () => {
    const base = { id: "e", source: "a", target: "b", label: "5432/TCP", audited: 0 };
    expect(edgeData({ ...base, dropped: 1, forwarded: 100 }).color).toBe(DROPPED_COLOR);
    expect(edgeData({ ...base, dropped: 0, forwarded: 100 }).color).toBe(FORWARDED_COLOR);
    expect(edgeData({ ...base, dropped: 0, forwarded: 100 }).wouldDrop).toBe(0);
    expect(edgeWidth(10_000)).toBeGreaterThan(edgeWidth(10));
    expect(edgeWidth(1e12)).toBeLessThanOrEqual(9);
  });

  it("colors an edge that would drop if enforcement were re-enabled apart, unless it drops already", () => {
    const base = {
      id: "e",
      source: "a",
      target: "b",
      label: "465/TCP",
      forwarded: 15,
      wouldDrop: 15,
      audited: 0,
    };
    expect(edgeData({ ...base, dropped: 0 })).toMatchObject({ color: WOULD_DROP_COLOR, wouldDrop: 15 });
    expect(edgeData({ ...base, dropped: 2 }).color).toBe(DROPPED_COLOR);
  });

  it("colors a recovered edge apart from one that drops now", () => {
    const base = {
      id: "e",
      source: "a",
      target: "b",
      label: "5432/TCP",
      audited: 0,
      dropped: 4,
      forwarded: 2,
    };
    expect(edgeData({ ...base, recoveredSince: 1_000 })).toMatchObject({
      color: RECOVERED_COLOR,
      recovered: true,
    });
    expect(edgeData(base)).toMatchObject({ color: DROPPED_COLOR, recovered: false });
  });

  it("colors an edge whose recovery is unknown apart from one that drops now, and keeps its drops", () => {
    const base = {
      id: "e",
      source: "a",
      target: "b",
      label: "5432/TCP",
      audited: 0,
      dropped: 4,
      forwarded: 2,
    };
    const unknown = edgeData({ ...base, recoveryUnknownAfter: 1_000 });
    expect(unknown).toMatchObject({
      color: RECOVERY_UNKNOWN_COLOR,
      recoveryUnknown: true,
      recovered: false,
      dropped: 4,
    });
    expect(unknown.color).not.toBe(DROPPED_COLOR);
    expect(unknown.width).toBe(edgeData(base).width);
    expect(edgeData(base)).toMatchObject({ color: DROPPED_COLOR, recoveryUnknown: false });
  });

  it("colors an audited edge (policy would drop it, audit mode let it through) as a would-be drop", () => {
    const base = { id: "e", source: "a", target: "b", label: "6443/TCP", forwarded: 0, dropped: 0 };
    expect(edgeData({ ...base, audited: 1 }).color).toBe(WOULD_DROP_COLOR);
    expect(edgeData({ ...base, audited: 0, forwarded: 1 }).color).toBe(FORWARDED_COLOR);
  });
});
