import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DrawingNode } from "@/lib/graph/graph-drawing";
import { NodePanel } from "./NodePanel";
import { capturedGraph } from "./testing/captured-graph";
import { fakeApi, pending } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";

// A node of the graph the real graph code draws from the real capture.

const graph = capturedGraph();
const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));

function nodeOf(id: string): DrawingNode {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`the capture's graph has no node ${id}`);
  return node;
}

function show(node: DrawingNode) {
  const api = fakeApi({ [`/api/namespaces/${node.namespace}/checklist`]: pending, "/api/status": pending });
  const onSelectEdge = vi.fn<(id: string) => void>();
  const onHighlight = vi.fn<(id: string | null) => void>();
  const rendered = renderWithQueries(
    <NodePanel
      node={node}
      windowMs={5 * 60_000}
      edges={graph.edges}
      edgesComplete
      labelOf={(id) => labels.get(id) ?? id}
      onSelectEdge={onSelectEdge}
      onHighlight={onHighlight}
    />,
  );
  return { api, onSelectEdge, onHighlight, ...rendered };
}

const buttonsIn = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByRole("button")
    .map((b) => b.textContent);

describe("NodePanel", () => {
  it("says what a special peer stands for, its drops and the DNS names seen", () => {
    show(nodeOf("world"));
    const panel = screen.getByRole("region", { name: "Peer" });
    expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("World");
    expect(panel.textContent).toContain("Anything outside the cluster (identity world).");
    expect(buttonsIn("node-incoming-drops")).toEqual(["from cilium-test-5 80/TCP1 dropped"]);
    expect(screen.getByRole("heading", { name: "Drops from World" }).nextElementSibling?.textContent).toBe(
      "None in this window.",
    );
    expect(within(panel).getByText("one.one.one.one").tagName).toBe("LI");
  });

  it("lists every edge of a namespace in and out, forwarded ones with their count", () => {
    show(nodeOf("ns:bookinfo"));
    const incoming = graph.edges.filter((e) => e.target === "ns:bookinfo");
    const outgoing = graph.edges.filter((e) => e.source === "ns:bookinfo");
    expect(screen.getByText(/^All edges of bookinfo/).textContent).toBe(
      `All edges of bookinfo (${new Set([...incoming, ...outgoing]).size})`,
    );
    expect(buttonsIn("node-incoming-edges")).toHaveLength(incoming.length);
    expect(buttonsIn("node-outgoing-edges")).toHaveLength(outgoing.length);
    expect(buttonsIn("node-outgoing-edges")).toContain("to kube-system 53/UDP1 forwarded");
    expect(screen.getByRole("heading", { name: "Drops into bookinfo" }).nextElementSibling?.textContent).toBe(
      "None in this window.",
    );
  });

  it("shows a namespace's profile, access labels, escape hatch, posture link and checklist", () => {
    const { api } = show(nodeOf("ns:bookinfo"));
    const panel = screen.getByRole("region", { name: "Namespace" });
    expect(panel.querySelector("header p")?.textContent).toBe("profile internal · access: postgres");
    expect(within(panel).getByText("Enforcement is disabled (escape hatch)")).toBeTruthy();
    expect(within(panel).getByRole("link", { name: "Policy posture of bookinfo" }).getAttribute("href")).toBe(
      "/namespaces/bookinfo",
    );
    expect(api.asked).toContain("GET /api/namespaces/bookinfo/checklist?window=5m");
  });

  it("says a namespace without a profile admits no ingress, and a platform one is hand-crafted", () => {
    show(nodeOf("ns:default"));
    expect(screen.getByTestId("node-panel").querySelector("header p")?.textContent).toBe(
      "no profile: no ingress allowed",
    );
    expect(screen.queryByText("Enforcement is disabled (escape hatch)")).toBeNull();
    cleanup();
    show(nodeOf("ns:kube-system"));
    expect(screen.getByTestId("node-panel").querySelector("header p")?.textContent).toBe(
      "platform namespace (hand-crafted policy)",
    );
  });

  it("opens an edge clicked, and lights it up under the pointer", () => {
    const { onSelectEdge, onHighlight } = show(nodeOf("world"));
    const edge = within(screen.getByTestId("node-incoming-drops")).getByRole("button");
    fireEvent.mouseEnter(edge);
    expect(onHighlight).toHaveBeenLastCalledWith(edge.dataset.edgeId);
    fireEvent.mouseLeave(edge);
    expect(onHighlight).toHaveBeenLastCalledWith(null);
    fireEvent.click(edge);
    expect(onSelectEdge).toHaveBeenCalledWith("ns:cilium-test-5>world:tcp:80:egress");
  });

  it("renders hostile DNS names and namespace labels as text", () => {
    const world = { ...nodeOf("world"), dnsNames: [HOSTILE_TEXT] };
    const { container } = show(world);
    expect(screen.getByText(HOSTILE_TEXT).tagName).toBe("LI");
    expectNoInjectedMarkup(container);
  });
});
