import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cytoscapeOf, drawableCanvas } from "../testing/graph-canvas";
import { HOVER_INTENT_MS, NamespaceGraph } from "./NamespaceGraph";
import { testDrawingEdge, testDrawingNode } from "./testing/drawing-builders";

let undoCanvas: () => void = () => {};
beforeEach(() => {
  vi.useFakeTimers();
  undoCanvas = drawableCanvas();
});
afterEach(() => {
  cleanup();
  undoCanvas();
  vi.useRealTimers();
});

const nodes = ["a", "b", "c", "d"].map((id) => testDrawingNode(id));
const edges = [testDrawingEdge("a-b", "a", "b"), testDrawingEdge("c-d", "c", "d")];

function graphOf(drawing: { nodes: typeof nodes; edges: typeof edges; large: boolean; selectedId?: string }) {
  return (
    <NamespaceGraph
      nodes={drawing.nodes}
      edges={drawing.edges}
      selectedId={drawing.selectedId ?? null}
      highlightId={null}
      fitKey="filters"
      emptyMessage={null}
      onSelect={() => {}}
      large={drawing.large}
    />
  );
}

function drawGraph({ large }: { large: boolean }) {
  const rendered = render(graphOf({ nodes, edges, large }));
  const box = screen.getByTestId("namespace-graph");
  return { box, cy: cytoscapeOf(box), rerender: rendered.rerender };
}

const pointAt = (cy: ReturnType<typeof cytoscapeOf>, id: string) =>
  act(() => void cy.getElementById(id).emit("mouseover"));
const leave = (cy: ReturnType<typeof cytoscapeOf>, id: string) =>
  act(() => void cy.getElementById(id).emit("mouseout"));
const wait = (ms: number) => act(() => void vi.advanceTimersByTime(ms));

describe("NamespaceGraph hover", () => {
  it("dims what is unattached as soon as the pointer is over an element of a small drawing", () => {
    const { box, cy } = drawGraph({ large: false });
    pointAt(cy, "a");
    expect(box.dataset.focus).toBe("a");
    expect(cy.getElementById("c").hasClass("faded")).toBe(true);
    expect(cy.getElementById("b").hasClass("faded")).toBe(false);
    leave(cy, "a");
    expect(box.dataset.focus).toBe("");
    expect(cy.getElementById("c").hasClass("faded")).toBe(false);
  });

  it("on a big drawing, dims only once the pointer rests, so a sweep across it restyles nothing", () => {
    const { box, cy } = drawGraph({ large: true });
    // A sweep: over a, off it, over c, off it, each for less than the intent delay.
    pointAt(cy, "a");
    wait(HOVER_INTENT_MS - 50);
    leave(cy, "a");
    pointAt(cy, "c");
    wait(HOVER_INTENT_MS - 50);
    leave(cy, "c");
    wait(HOVER_INTENT_MS * 2);
    expect(box.dataset.focus).toBe("");
    expect(cy.$(".faded").length).toBe(0);

    pointAt(cy, "c-d");
    wait(HOVER_INTENT_MS - 1);
    expect(box.dataset.focus).toBe("");
    wait(1);
    expect(box.dataset.focus).toBe("c-d");
    expect(cy.getElementById("a").hasClass("faded")).toBe(true);
    expect(cy.getElementById("d").hasClass("faded")).toBe(false);
    // The edge's label shows at once: one element, no dimming.
    expect(cy.getElementById("c-d").hasClass("hovered")).toBe(true);

    // Leaving the canvas ends the hover at once.
    act(() => void box.dispatchEvent(new MouseEvent("mouseleave")));
    expect(box.dataset.focus).toBe("");
    expect(cy.$(".faded").length).toBe(0);
  });

  it("lets go of a hovered element a refresh took away, so the selection's focus comes back", () => {
    const { box, cy, rerender } = drawGraph({ large: false });
    pointAt(cy, "c");
    expect(box.dataset.focus).toBe("c");
    // The refresh that removes c (and its edge) selects a: no mouseout ever comes for c.
    act(() =>
      rerender(
        graphOf({ nodes: nodes.slice(0, 2), edges: edges.slice(0, 1), large: false, selectedId: "a" }),
      ),
    );
    expect(box.dataset.focus).toBe("a");
  });
});
