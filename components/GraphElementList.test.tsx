import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { GraphNodeList, NodeEdgeList } from "./GraphElementList";
import { testDrawingEdge, testDrawingNode } from "./graph/testing/drawing-builders";

const shop = testDrawingNode("ns:shop", { label: "shop", dropped: 3 });
const database = testDrawingNode("ns:database", { label: "database" });
const toDatabase = testDrawingEdge("e1", "ns:shop", "ns:database", { label: "5432/TCP", dropped: 3 });

describe("GraphNodeList", () => {
  it("lists every node by name with its edges and drops, selects on click and lights up on hover and focus", () => {
    const onSelect = vi.fn();
    const onHighlight = vi.fn();
    render(
      <GraphNodeList
        nodes={[shop, database]}
        edges={[toDatabase]}
        onSelect={onSelect}
        onHighlight={onHighlight}
      />,
    );
    const list = screen.getByTestId("graph-node-list");
    const buttons = within(list).getAllByRole("button");
    expect(buttons.map((b) => b.getAttribute("data-node-id"))).toEqual(["ns:database", "ns:shop"]);
    expect(buttons[1]!.textContent).toBe("shop1 edges · 3 dropped");
    fireEvent.click(buttons[1]!);
    expect(onSelect).toHaveBeenCalledWith("ns:shop");
    fireEvent.mouseEnter(buttons[0]!);
    fireEvent.mouseLeave(buttons[0]!);
    fireEvent.focus(buttons[1]!);
    expect(onHighlight.mock.calls).toEqual([["ns:database"], [null], ["ns:shop"]]);
  });
});

describe("NodeEdgeList", () => {
  it("shows each edge by its peer, selects it on click and lights it up on hover", () => {
    const onSelect = vi.fn();
    const onHighlight = vi.fn();
    render(
      <NodeEdgeList
        title="Drops from shop"
        edges={[toDatabase]}
        peerOf={() => "to database"}
        onSelect={onSelect}
        onHighlight={onHighlight}
        testId="out"
      />,
    );
    const button = within(screen.getByTestId("out")).getByRole("button");
    expect(button.getAttribute("data-edge-id")).toBe("e1");
    expect(button.getAttribute("data-node-id")).toBeNull();
    expect(button.getAttribute("aria-pressed")).toBeNull();
    expect(button.textContent).toContain("to database 5432/TCP");
    fireEvent.click(button);
    fireEvent.blur(button);
    expect(onSelect).toHaveBeenCalledWith("e1");
    expect(onHighlight).toHaveBeenCalledWith(null);
  });
});
