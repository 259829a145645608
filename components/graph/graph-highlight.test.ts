import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import { edgeElement, nodeElement } from "./graph-elements";
import { attachedTo, fadedIds, subduedEdgeIds } from "./graph-highlight";
import { FADED_OPACITY, graphStylesheet, SUBDUED_OPACITY, THEME_COLORS } from "./graph-style";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

function node(id: string): DrawingNode {
  return {
    id,
    namespace: id,
    dnsNames: [],
    label: id,
    kind: "namespace",
    namespaceKind: "application",
    profile: null,
    profileRank: null,
    accessLabels: [],
    enforcementDisabled: false,
    dropped: 0,
    audited: 0,
    forwarded: 0,
  };
}
const edge = (id: string, source: string, target: string, dropped = 0): DrawingEdge => ({
  id,
  source,
  target,
  label: "443/TCP",
  dropped,
  audited: 0,
  forwarded: 10,
});

const nodes = ["a", "b", "c", "d"];
const edges = [edge("ab", "a", "b", 3), edge("bc", "b", "c"), edge("cd", "c", "d")];

describe("highlighting", () => {
  it("keeps a node, its edges and its neighbours, and fades the rest", () => {
    expect([...attachedTo("b", nodes, edges)].sort()).toEqual(["a", "ab", "b", "bc", "c"]);
    expect([...fadedIds("b", nodes, edges)].sort()).toEqual(["cd", "d"]);
  });

  it("keeps an edge and its two ends", () => {
    expect([...fadedIds("bc", nodes, edges)].sort()).toEqual(["a", "ab", "cd", "d"]);
  });

  it("fades nothing without a focus, or with a focus no longer on the graph", () => {
    expect(fadedIds(null, nodes, edges).size).toBe(0);
    expect(fadedIds("gone", nodes, edges).size).toBe(0);
  });

  it("subdues forwarded edges only while some edge drops, never one that would drop", () => {
    expect([...subduedEdgeIds(edges)].sort()).toEqual(["bc", "cd"]);
    expect(subduedEdgeIds([edge("bc", "b", "c"), edge("cd", "c", "d")]).size).toBe(0);
    expect([...subduedEdgeIds([...edges, { ...edge("x", "a", "d"), wouldDrop: 4 }])]).not.toContain("x");
  });
});

describe("the style sheet draws the classes", () => {
  function drawn(theme: "light" | "dark" = "light") {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ theme }) });
    cy.add([...nodes.map((id, i) => nodeElement(node(id), { x: i * 100, y: 0 })), ...edges.map(edgeElement)]);
    return cy;
  }

  it("fades nodes and edges with the faded class, drops included", () => {
    const cy = drawn();
    const opacity = (id: string) => Number(cy.getElementById(id).style("opacity"));
    expect(opacity("d")).toBe(1);
    expect(opacity("ab")).toBeGreaterThan(0.9);
    cy.getElementById("d").addClass("faded");
    cy.getElementById("ab").addClass("faded");
    expect(opacity("d")).toBe(FADED_OPACITY);
    expect(opacity("ab")).toBe(FADED_OPACITY);
  });

  it("subdues a forwarded edge with the subdued class, never a dropping one", () => {
    const cy = drawn();
    const opacity = (id: string) => Number(cy.getElementById(id).style("opacity"));
    const before = opacity("bc");
    cy.edges().addClass("subdued");
    expect(opacity("bc")).toBe(SUBDUED_OPACITY);
    expect(opacity("bc")).toBeLessThan(before);
    expect(opacity("ab")).toBeGreaterThan(0.9);
  });

  it("takes label colours from the theme", () => {
    for (const theme of ["light", "dark"] as const) {
      const color = drawn(theme).getElementById("a").style("color");
      const hex = THEME_COLORS[theme].text;
      const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(",");
      expect(String(color).replace(/\s/g, "")).toBe(`rgb(${rgb})`);
    }
  });
});
