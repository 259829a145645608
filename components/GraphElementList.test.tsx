import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { GraphNodeList, NodeEdgeList } from "./GraphElementList";
import { testDrawingEdge, testDrawingNode } from "./graph/testing/drawing-builders";
import { capturedGraph } from "./testing/captured-graph";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

// Every node of the graph the real code draws from the real capture, as buttons.

const graph = capturedGraph();

function show(nodes = graph.nodes, totalNodes = nodes.length) {
  const onSelect = vi.fn<(id: string) => void>();
  const onHighlight = vi.fn<(id: string | null) => void>();
  const rendered = render(
    <GraphNodeList
      nodes={nodes}
      totalNodes={totalNodes}
      edges={graph.edges}
      onSelect={onSelect}
      onHighlight={onHighlight}
    />,
  );
  // The list is built when its disclosure opens.
  const details = rendered.container.querySelector("details")!;
  details.open = true;
  fireEvent(details, new Event("toggle"));
  return { onSelect, onHighlight, ...rendered };
}

const button = (label: string) =>
  within(screen.getByRole("list", { name: "Graph nodes", hidden: true })).getByRole("button", {
    name: new RegExp(`^${label} `),
    hidden: true,
  });

describe("GraphNodeList", () => {
  it("lists every node by name, with its number of edges and drops", () => {
    show();
    expect(screen.getByText(/^All namespaces and peers/).textContent).toBe(
      `All namespaces and peers (${graph.nodes.length})`,
    );
    const labels = within(screen.getByRole("list", { name: "Graph nodes", hidden: true }))
      .getAllByRole("button", { hidden: true })
      .map((b) => b.querySelector("span")?.textContent);
    expect(labels).toEqual(graph.nodes.map((n) => n.label).sort((a, b) => a.localeCompare(b)));
    // default: one edge, to itself (xwing → deathstar), counted once; its drop.
    expect(button("default").textContent).toBe("default1 edges · 1 dropped");
    // health: ICMP from host and remote-node, TCP 4240 from remote-node, its echo to remote-node.
    expect(button("Cilium health").textContent).toBe("Cilium health5 edges");
  });

  it("says when the list holds only the nodes drawn at the level of detail", () => {
    show(graph.nodes, 10_000);
    expect(screen.getByText(/^Namespaces and peers drawn/).textContent).toBe(
      `Namespaces and peers drawn (${graph.nodes.length} of 10,000)`,
    );
  });

  it("shows a long list a page at a time, with how many are left", () => {
    const many = Array.from({ length: 250 }, (_, i) => testDrawingNode(`ns:n${i}`, { label: `n${i}` }));
    show(many);
    const list = () => within(screen.getByRole("list", { name: "Graph nodes", hidden: true }));
    expect(list().getAllByRole("button", { hidden: true })).toHaveLength(200);
    fireEvent.click(screen.getByRole("button", { name: "Show 50 more of 50 left", hidden: true }));
    expect(list().getAllByRole("button", { hidden: true })).toHaveLength(250);
    expect(screen.queryByRole("button", { name: /more of/, hidden: true })).toBeNull();
  });

  it("opens the node clicked and lights up the one under the pointer or the keyboard", () => {
    const { onSelect, onHighlight } = show();
    const bookinfo = button("bookinfo");
    fireEvent.focus(bookinfo);
    expect(onHighlight).toHaveBeenLastCalledWith("ns:bookinfo");
    fireEvent.blur(bookinfo);
    expect(onHighlight).toHaveBeenLastCalledWith(null);
    fireEvent.click(bookinfo);
    expect(onSelect).toHaveBeenCalledWith("ns:bookinfo");
  });

  it("renders a hostile node label as text", () => {
    const nodes = graph.nodes.map((n) => (n.id === "ns:default" ? { ...n, label: HOSTILE_TEXT } : n));
    const { container } = show(nodes);
    expect(container.textContent).toContain(HOSTILE_TEXT);
    expectNoInjectedMarkup(container);
  });
});

const toDatabase = testDrawingEdge("e1", "ns:shop", "ns:database", { label: "5432/TCP", dropped: 3 });

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
