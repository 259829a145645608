import { describe, expect, it } from "vitest";
import { drawingNode, type DrawingEdge, type DrawingNode } from "./graph-drawing";
import {
  DEFAULT_DETAIL_REQUEST,
  detailSentence,
  graphAtDetail,
  levelOfDetail,
  MAX_DRAWN_DROPPING_EDGES,
  parseDetailRequest,
  serializeDetailRequest,
} from "./graph-detail";
import { edgeId, namespaceNodeId } from "./graph-ids";

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
    // 11 edges with drops; the forwarded edges between their ends; the busiest others fill the 100.
    const isForwarded = (e: DrawingEdge) => e.dropped === 0 && e.wouldDrop === undefined;
    const dropEnds = new Set(edges.filter((e) => !isForwarded(e)).flatMap((e) => [e.source, e.target]));
    const around = edges.filter((e) => isForwarded(e) && dropEnds.has(e.source) && dropEnds.has(e.target));
    expect(around.length).toBeGreaterThan(0);
    for (const e of around) expect(ids).toContain(e.id);
    const others = edges
      .filter((e) => isForwarded(e) && !around.includes(e))
      .map((e) => e.forwarded)
      .sort((a, b) => b - a);
    const drawnOthers = level.edges
      .filter((e) => isForwarded(e) && !around.includes(e))
      .map((e) => e.forwarded);
    expect(drawnOthers).toHaveLength(89 - around.length);
    expect(Math.min(...drawnOthers)).toBe(others[89 - around.length - 1]);
    expect(level.droppingEdges).toBe(11);
    expect(level.droppingEdgesDrawn).toBe(11);
    // Every node drawn is an end of a drawn edge.
    const ends = new Set(level.edges.flatMap((e) => [e.source, e.target]));
    expect(level.nodes.every((n) => ends.has(n.id))).toBe(true);
    expect(detailSentence(level)).toBe(
      `Drawing 100 of 1,000 edges and ${level.nodes.length} of 100 nodes: all 11 edges with drops or would-be drops drawn, then the busiest forwarded edges between the nodes they touch, then the busiest others.`,
    );
  });

  it("fills the budget with the traffic between the nodes drops touch before busier edges elsewhere", () => {
    const few = ["a", "b", "c", "d", "e", "f"].map(node);
    const link = (id: string, source: string, target: string, counts: Partial<DrawingEdge>): DrawingEdge => ({
      ...edge(0, counts),
      id,
      source,
      target,
    });
    const edges = [
      link("a>b", "a", "b", { dropped: 3 }),
      link("b>a", "b", "a", { forwarded: 1 }),
      link("c>d", "c", "d", { forwarded: 100 }),
      link("e>f", "e", "f", { forwarded: 50 }),
      link("a>c", "a", "c", { forwarded: 10 }),
    ];
    const level = levelOfDetail({ nodes: few, edges }, { edgeBudget: 3 });
    expect(level.edges.map((e) => e.id)).toEqual(["a>b", "b>a", "c>d"]);
    expect(level.nodes.map((n) => n.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("says only that the busiest are drawn when no edge drops", () => {
    const edges = Array.from({ length: 300 }, (_, i) => edge(i, { forwarded: i + 1 }));
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 100 });
    expect(detailSentence(level)).toBe(
      `Drawing 100 of 300 edges and ${level.nodes.length} of 100 nodes: no edge has drops, the busiest are drawn.`,
    );
  });

  it("takes the busiest forwarded edges as a sort by count then id would, ties included", () => {
    const edges = Array.from({ length: 500 }, (_, i) => edge(499 - i, { forwarded: i % 7 }));
    const level = levelOfDetail({ nodes, edges }, { edgeBudget: 100 });
    const bySort = [...edges]
      .sort((a, b) => b.forwarded - a.forwarded || (a.id < b.id ? -1 : 1))
      .slice(0, 100)
      .map((e) => e.id)
      .sort();
    expect(level.edges.map((e) => e.id).sort()).toEqual(bySort);
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

describe("graphAtDetail", () => {
  const big = {
    now: 1,
    nodes,
    edges: Array.from({ length: 3_000 }, (_, i) => edge(i, { forwarded: i, dropped: i % 500 === 0 ? 1 : 0 })),
  };

  it("answers what is drawn, the rest of the answer as it was, and what was left out in numbers", () => {
    const answer = graphAtDetail(big, DEFAULT_DETAIL_REQUEST);
    const level = levelOfDetail(big);
    expect(answer.now).toBe(1);
    expect(answer.edges.map((e) => e.id)).toEqual(level.edges.map((e) => e.id));
    expect(answer.nodes.map((n) => n.id)).toEqual(level.nodes.map((n) => n.id));
    expect(answer.detail).toEqual({
      limited: true,
      totalNodes: 100,
      totalEdges: 3_000,
      drawnNodes: level.nodes.length,
      drawnEdges: level.edges.length,
      droppingEdges: 6,
      droppingEdgesDrawn: 6,
    });
    expect(detailSentence(answer.detail)).toMatch(/^Drawing 2,000 of 3,000 edges/);
  });

  it("answers everything when asked, and the element asked to keep", () => {
    expect(graphAtDetail(big, { all: true, keep: null }).edges).toHaveLength(3_000);
    const quiet = big.edges[1]!;
    expect(graphAtDetail(big, DEFAULT_DETAIL_REQUEST).edges).not.toContain(quiet);
    expect(graphAtDetail(big, { all: false, keep: quiet.id }).edges).toContain(quiet);
  });
});

describe("detail requests", () => {
  it("round-trips through the query string, the default as nothing", () => {
    const keep = edgeId(namespaceNodeId("a"), namespaceNodeId("b"), "TCP", 80, "ingress");
    expect(serializeDetailRequest(DEFAULT_DETAIL_REQUEST)).toBe("");
    const text = serializeDetailRequest({ all: true, keep });
    expect(parseDetailRequest(new URLSearchParams(text))).toEqual({
      request: { all: true, keep },
      problems: [],
    });
  });

  it("reports values that do not parse and leaves them at their default", () => {
    const { request, problems } = parseDetailRequest(new URLSearchParams("detail=some&keep=x"));
    expect(request).toEqual(DEFAULT_DETAIL_REQUEST);
    expect(problems.map((p) => p.param)).toEqual(["detail", "keep"]);
  });
});
