import cytoscape, { type Core } from "cytoscape";
import { describe, expect, it } from "vitest";
import { DROPPED_COLOR, FORWARDED_COLOR, graphStylesheet } from "./graph-style";
import { MIN_GAP, updateDrawing } from "./graph-update";
import { layoutPositions } from "./graph-layout";
import { testDrawingEdge, testDrawingNode } from "./testing/drawing-builders";

const nodes = ["a", "b", "c"].map((id) => testDrawingNode(id));
const edges = [testDrawingEdge("ab", "a", "b"), testDrawingEdge("bc", "b", "c")];

function drawn(): Core {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet() });
  updateDrawing(cy, nodes, edges, { relayout: false });
  return cy;
}

const ids = (cy: Core) =>
  cy
    .elements()
    .map((e) => e.id())
    .sort();
const position = (cy: Core, id: string) => ({ ...cy.getElementById(id).position() });

describe("updating the drawing in place", () => {
  it("draws a first drawing at the layout's places, every edge between its two ends", () => {
    const cy = drawn();
    expect(ids(cy)).toEqual(["a", "ab", "b", "bc", "c"]);
    const slots = layoutPositions(nodes, edges);
    for (const node of nodes) expect(position(cy, node.id)).toEqual(slots.get(node.id));
    expect(cy.getElementById("ab").source().id()).toBe("a");
    expect(cy.getElementById("ab").target().id()).toBe("b");
  });

  it("keeps the places (moved by hand too) and the selection of what stays, and updates its data", () => {
    const cy = drawn();
    cy.getElementById("a").position({ x: 500, y: -300 });
    const b = position(cy, "b");
    cy.getElementById("ab").select();
    updateDrawing(cy, nodes, [testDrawingEdge("ab", "a", "b", { dropped: 4 }), edges[1]!], {
      relayout: false,
    });
    expect(position(cy, "a")).toEqual({ x: 500, y: -300 });
    expect(position(cy, "b")).toEqual(b);
    expect(cy.getElementById("ab").selected()).toBe(true);
    expect(cy.getElementById("ab").data("dropped")).toBe(4);
    expect(cy.getElementById("ab").data("color")).toBe(DROPPED_COLOR);
    expect(cy.getElementById("bc").data("color")).toBe(FORWARDED_COLOR);
  });

  it("removes what is gone, edges of a removed node included, and subdues forwarded edges beside drops", () => {
    const cy = drawn();
    updateDrawing(cy, nodes.slice(0, 2), [testDrawingEdge("ab", "a", "b", { dropped: 1 })], {
      relayout: false,
    });
    expect(ids(cy)).toEqual(["a", "ab", "b"]);
    updateDrawing(cy, nodes, [testDrawingEdge("ab", "a", "b", { dropped: 1 }), edges[1]!], {
      relayout: false,
    });
    expect(cy.getElementById("bc").hasClass("subdued")).toBe(true);
    expect(cy.getElementById("ab").hasClass("subdued")).toBe(false);
    updateDrawing(cy, nodes, edges, { relayout: false });
    expect(cy.getElementById("bc").hasClass("subdued")).toBe(false);
  });

  it("places a new node clear of every node drawn, even where the layout would put it", () => {
    const cy = drawn();
    const next = [...nodes, testDrawingNode("d")];
    const wanted = layoutPositions(next, edges).get("d")!;
    cy.getElementById("a").position(wanted);
    updateDrawing(cy, next, edges, { relayout: false });
    const d = position(cy, "d");
    for (const other of cy.nodes().not("#d")) {
      const p = other.position();
      expect(Math.hypot(p.x - d.x, p.y - d.y)).toBeGreaterThanOrEqual(MIN_GAP);
    }
  });

  it("draws no edge whose end is not in the drawing", () => {
    const cy = drawn();
    updateDrawing(cy, nodes, [...edges, testDrawingEdge("ax", "a", "x")], { relayout: false });
    expect(cy.getElementById("ax").empty()).toBe(true);
  });

  it("moves every node back to the layout's places on relayout, keeping the selection", () => {
    const cy = drawn();
    cy.getElementById("a").position({ x: 500, y: -300 });
    cy.getElementById("a").select();
    updateDrawing(cy, nodes, edges, { relayout: true });
    expect(position(cy, "a")).toEqual(layoutPositions(nodes, edges).get("a"));
    expect(cy.getElementById("a").selected()).toBe(true);
  });
});
