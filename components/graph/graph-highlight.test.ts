import { describe, expect, it } from "vitest";
import { attachedTo, fadedIds, subduedEdgeIds } from "./graph-highlight";
import { testDrawingEdge } from "./testing/drawing-builders";
import type { DrawingEdge } from "@/lib/graph/graph-drawing";

const edge = (id: string, source: string, target: string, dropped = 0): DrawingEdge =>
  testDrawingEdge(id, source, target, { dropped });

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
    expect([...subduedEdgeIds([...edges, { ...edge("y", "a", "d"), audited: 2 }])]).not.toContain("y");
  });
});
