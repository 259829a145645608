import { describe, expect, it } from "vitest";
import { drawingNode, type DrawingEdge, type DrawingNode } from "./graph-drawing";
import { detailSentence, levelOfDetail, MAX_DRAWN_DROPPING_EDGES } from "./graph-detail";

function node(id: string): DrawingNode {
  return drawingNode(
    { id, label: id, kind: "namespace", namespace: id, counts: {} },
    { namespaceKind: "application" },
  );
}

function edge(
  i: number,
  counts: Partial<Pick<DrawingEdge, "dropped" | "audited" | "forwarded" | "wouldDrop">>,
) {
  return {
    id: `e${String(i).padStart(6, "0")}`,
    source: `n${i % 100}`,
    target: `n${(i * 7 + 1) % 100}`,
    label: "80/TCP",
    dropped: 0,
    audited: 0,
    forwarded: 0,
    ...counts,
  } satisfies DrawingEdge;
}

const nodes = Array.from({ length: 100 }, (_, i) => node(`n${i}`));

describe("levelOfDetail", () => {
  it("draws a graph within the budget whole, and says nothing about it", () => {
    const edges = Array.from({ length: 50 }, (_, i) => edge(i, { forwarded: i }));
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 50 });
    expect(level.limited).toBe(false);
    expect(level.edges).toHaveLength(50);
    expect(level.nodes).toHaveLength(100);
    expect(detailSentence(level)).toBeNull();
  });

  it("draws every edge with drops and fills the budget with the busiest forwarded edges", () => {
    const edges = Array.from({ length: 1_000 }, (_, i) =>
      i % 100 === 3
        ? edge(i, { dropped: 1 })
        : i === 500
          ? edge(i, { wouldDrop: 2 })
          : edge(i, { forwarded: i }),
    );
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 100 });
    expect(level.limited).toBe(true);
    expect(level.edges).toHaveLength(100);
    const ids = new Set(level.edges.map((e) => e.id));
    for (const e of edges) if (e.dropped > 0 || (e.wouldDrop ?? 0) > 0) expect(ids).toContain(e.id);
    // 11 edges with drops, then the 89 busiest of the forwarded ones.
    const forwarded = edges
      .filter((e) => e.dropped === 0 && e.wouldDrop === undefined)
      .map((e) => e.forwarded)
      .sort((a, b) => b - a);
    const drawnForwarded = level.edges.filter((e) => e.forwarded > 0).map((e) => e.forwarded);
    expect(drawnForwarded).toHaveLength(89);
    expect(Math.min(...drawnForwarded)).toBe(forwarded[88]);
    expect(level.droppingEdges).toBe(11);
    expect(level.droppingEdgesDrawn).toBe(11);
    // Every node drawn is an end of a drawn edge.
    const ends = new Set(level.edges.flatMap((e) => [e.source, e.target]));
    expect(level.nodes.every((n) => ends.has(n.id))).toBe(true);
    expect(detailSentence(level)).toBe(
      `Drawing 100 of 1,000 edges and ${level.nodes.length} of 100 nodes: all 11 edges with drops or would-be drops drawn, then the busiest forwarded edges.`,
    );
  });

  it("keeps the selected edge and its ends, drawn or not", () => {
    const edges = Array.from({ length: 300 }, (_, i) => edge(i, { forwarded: i + 1 }));
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 10, keep: ["e000000", null] });
    expect(level.edges.map((e) => e.id)).toContain("e000000");
    expect(level.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["n0", "n1"]));
  });

  it("draws everything when asked, at any size", () => {
    const edges = Array.from({ length: 3_000 }, (_, i) => edge(i, { forwarded: 1 }));
    const level = levelOfDetail({ nodes, edges }, { all: true, edgeBudget: 10 });
    expect(level.edges).toHaveLength(3_000);
    expect(level.limited).toBe(false);
  });

  it("beyond the cap on dropping edges, draws the most dropping ones and says how many", () => {
    const total = MAX_DRAWN_DROPPING_EDGES + 5;
    const edges = Array.from({ length: total }, (_, i) => edge(i, { dropped: i + 1 }));
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 10 });
    expect(level.edges).toHaveLength(MAX_DRAWN_DROPPING_EDGES);
    expect(Math.min(...level.edges.map((e) => e.dropped))).toBe(6);
    expect(detailSentence(level)).toContain(
      `${MAX_DRAWN_DROPPING_EDGES.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} edges with drops`,
    );
  });
});
