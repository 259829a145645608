import { DEFAULT_DETAIL_REQUEST, graphAtDetail } from "@/lib/graph/graph-detail";
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GraphResponse } from "@/lib/api/responses";
import { GraphExplorer } from "./GraphExplorer";
import { LARGE_GRAPH_EDGES, RECOVERY_UNKNOWN_DASH } from "./graph/graph-style";
import { testDrawingEdge, testDrawingNode } from "./graph/testing/drawing-builders";
import { capturedGraph } from "./testing/captured-graph";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { cytoscapeOf, drawableCanvas } from "./testing/graph-canvas";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW, MINUTE, RELAY_STALLED, statusResponse } from "./testing/status-fixtures";

vi.mock("next/navigation", () => import("./testing/navigation-stub"));

let undoCanvas: () => void = () => {};
beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
  undoCanvas = drawableCanvas();
});
afterEach(() => {
  // The drawing goes before the canvas it draws on.
  cleanup();
  undoCanvas();
});

const EMPTY: GraphResponse = graphAtDetail(
  { ...capturedGraph(), nodes: [], edges: [] },
  DEFAULT_DETAIL_REQUEST,
);
const RELAY_DOWN = statusResponse({
  hubble: RELAY_STALLED,
});

function showGraph(graph: GraphResponse, status = statusResponse()) {
  const api = fakeApi({
    "/api/graph": json(graph),
    "/api/status": json(status),
    "/api/graph/edge": pending,
    "/api/namespaces/bookinfo/checklist": pending,
  });
  const rendered = renderWithQueries(<GraphExplorer />);
  return { api, ...rendered };
}

const summary = () => screen.getByTestId("graph-summary").textContent;
const lists = () => screen.getByRole("complementary", { name: "Graph contents" });
const drawing = () => cytoscapeOf(screen.getByTestId("namespace-graph"));

describe("GraphExplorer", () => {
  it("claims neither flows nor their absence while loading", () => {
    fakeApi({ "/api/graph": pending, "/api/status": pending });
    renderWithQueries(<GraphExplorer />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Flows between namespaces");
    expect(summary()).toBe("… nodes · … edges · … dropping in the last 5m");
    expect(screen.queryByTestId("graph-empty")).toBeNull();
    expect(screen.queryByText(/No dropped flows/)).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    // No canvas yet: how it is drawn depends on the graph's size.
    expect(screen.getByTestId("graph-loading").textContent).toBe("Loading the graph…");
    expect(screen.queryByTestId("namespace-graph")).toBeNull();
  });

  it("asks the browser about WebGL only for a drawing big enough to use it", async () => {
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, "getContext");
    const webglAsked = () => getContext.mock.calls.some(([kind]) => kind === "webgl2");
    showGraph(capturedGraph());
    await screen.findByTestId("namespace-graph");
    expect(webglAsked()).toBe(false);
    cleanup();

    const hubs = Array.from({ length: 40 }, (_, i) => testDrawingNode(`ns:team-${i}`));
    const busy = Array.from({ length: LARGE_GRAPH_EDGES + 1 }, (_, i) =>
      testDrawingEdge(`e${i}`, hubs[i % 40]!.id, hubs[(i * 7 + 1) % 40]!.id),
    );
    showGraph({ ...capturedGraph(), nodes: hubs, edges: busy });
    await screen.findByTestId("namespace-graph");
    expect(webglAsked()).toBe(true);
    // Without a GPU (happy-dom has no WebGL at all), the 2D canvas draws it.
    expect(screen.getByTestId("namespace-graph").dataset.renderer).toBe("canvas");
  });

  it("says why the graph could not be loaded", async () => {
    fakeApi({ "/api/graph": apiError("bad_gateway", "Hubble Relay unreachable"), "/api/status": pending });
    renderWithQueries(<GraphExplorer />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load the graph: Hubble Relay unreachable",
    );
  });

  it("keeps the last graph when a refresh fails, and says so", async () => {
    const { api, client } = showGraph(capturedGraph());
    await screen.findByRole("list", { name: "Edges with drops" });
    api.answer("/api/graph", apiError("bad_gateway", "Hubble Relay unreachable"));
    await act(() => client.refetchQueries({ queryKey: ["graph"] }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load the graph: Hubble Relay unreachable (showing the last answer)",
    );
    expect(within(lists()).getAllByRole("button", { name: /dropped|audit/ }).length).toBeGreaterThan(0);
  });

  it("says flows are unknown since the relay went down, not that nothing was dropped", async () => {
    showGraph(EMPTY, RELAY_DOWN);
    expect((await screen.findByTestId("graph-empty")).textContent).toBe(
      "No flows received in the last 5m, and the relay did not deliver all of it: nothing can be concluded.",
    );
    expect((await screen.findByTestId("flows-unavailable")).textContent).toBe(
      "Flows unavailable since 7 min ago (no flow for 45 s); drops after that are unknown.",
    );
    expect(screen.queryByText(/No dropped flows/)).toBeNull();
    expect(screen.queryByText("No flows in the last 5m.")).toBeNull();
  });

  it("says there were no flows and no drops when the relay delivered the whole window", async () => {
    showGraph(EMPTY);
    expect((await screen.findByText("No dropped flows in the last 5m.")).tagName).toBe("P");
    expect(screen.getByTestId("graph-empty").textContent).toBe("No flows in the last 5m.");
    expect(summary()).toBe("0 nodes · 0 edges · 0 dropping in the last 5m");
  });

  it("says the filters match nothing, and how to see more", async () => {
    page.search = "ns=bookinfo&verdict=DROPPED";
    const { api } = showGraph(EMPTY);
    expect((await screen.findByTestId("graph-empty")).textContent).toBe(
      "Nothing matches these filters in the last 5m. Remove a filter or widen the window.",
    );
    expect(api.asked).toContain("GET /api/graph?ns=bookinfo&verdict=DROPPED&window=5m");
    expect(screen.getByRole("button", { name: "Remove namespace filter bookinfo" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Dropped" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("draws and lists the real capture's nodes and edges, its drops first", async () => {
    const graph = capturedGraph();
    showGraph(graph);
    const dropping = await within(lists()).findByRole("list", { name: "Edges with drops" });
    expect(summary()).toBe(
      `${graph.nodes.length} nodes · ${graph.edges.length} edges · 5 dropping in the last 5m`,
    );
    // Among them the capture's xwing → deathstar drop (default to default, 80/TCP) and flux's audited
    // call to the API server; equal counts, so in the order of their ids.
    expect(
      within(dropping)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual([
      "cilium-test-5 → World 80/TCP1 dropped",
      "default → default 80/TCP1 dropped",
      "flux-system → Kubernetes API server 6443/TCP1 audit (would be dropped)",
      "Remote node → namespace-name 8182/TCP1 dropped",
      "Unknown peer → Unknown peer ICMPv61 dropped",
    ]);
    // The node list is built when its disclosure opens.
    const nodeList = screen.getByText(/^All namespaces and peers/).closest("details")!;
    nodeList.open = true;
    fireEvent(nodeList, new Event("toggle"));
    const nodeButtons = within(screen.getByRole("list", { name: "Graph nodes" })).getAllByRole("button");
    expect(nodeButtons.map((b) => b.dataset.nodeId).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(screen.getByTestId("namespace-graph").getAttribute("aria-label")).toBe(
      `Namespace graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges. The lists beside it hold the same nodes and edges.`,
    );
    await waitFor(() => expect(drawing().nodes().length).toBe(graph.nodes.length));
    expect(drawing().edges().length).toBe(graph.edges.length);
    const legend = within(screen.getByRole("list", { name: "Legend" }))
      .getAllByRole("listitem")
      .map((item) => item.textContent?.trim());
    expect(legend).toEqual(
      expect.arrayContaining([...graph.profiles.map((p) => p.name), "platform", "dropped"]),
    );
  });

  it("draws an edge whose recovery is unknown apart from live drops, and still counts its drops", async () => {
    const captured = capturedGraph();
    const target = captured.edges.find((e) => e.source === "ns:default" && e.target === "ns:default")!;
    const graph = {
      ...captured,
      edges: captured.edges.map((e) =>
        e.id === target.id ? { ...e, recoveryUnknownAfter: FIXED_NOW - 2 * MINUTE } : e,
      ),
    };
    showGraph(graph);
    const listed = await within(lists()).findByRole("button", { name: /^default → default 80\/TCP/ });
    expect(listed.textContent).toMatch(/^default → default 80\/TCP1 droppedrecovery unknown: /);
    expect(summary()).toBe(
      `${graph.nodes.length} nodes · ${graph.edges.length} edges · 4 dropping · 1 stopped dropping, recovery unknown in the last 5m`,
    );
    await waitFor(() => expect(drawing().edges().length).toBe(graph.edges.length));
    const lineOf = (id: string) => String(drawing().getElementById(id).style("line-color"));
    const liveDrop = graph.edges.find((e) => e.dropped > 0 && e.id !== target.id)!;
    expect(drawing().getElementById(target.id).data("dropped")).toBe(1);
    expect(lineOf(target.id)).not.toBe(lineOf(liveDrop.id));
    expect(drawing().getElementById(target.id).style("line-dash-pattern")).toBe(
      RECOVERY_UNKNOWN_DASH.join(" "),
    );
    expect(drawing().getElementById("ns:default").data("dropped")).toBeGreaterThan(0);
  });

  it("opens a dropping edge as a history step and closes it back to the lists", async () => {
    showGraph(capturedGraph());
    const edge = await screen.findByRole("button", { name: /^default → default 80\/TCP/ });
    edge.focus();
    fireEvent.click(edge);
    expect(page.push).toHaveBeenLastCalledWith(`/?edge=${encodeURIComponent(edge.dataset.edgeId!)}`, {
      scroll: false,
    });
    const panel = await screen.findByRole("complementary", { name: "Selection details" });
    expect(within(panel).getByText("Loading flows…")).toBeTruthy();
    expect(document.activeElement).toBe(panel);
    fireEvent.click(within(panel).getByRole("button", { name: /Close/ }));
    expect(page.push).toHaveBeenLastCalledWith("/", { scroll: false });
    const again = await within(lists()).findByRole("button", { name: /^default → default 80\/TCP/ });
    expect(document.activeElement).toBe(again);
  });

  it("opens a namespace tapped on the canvas with its labels and posture link", async () => {
    showGraph(capturedGraph());
    await waitFor(() => expect(drawing().nodes().length).toBeGreaterThan(0));
    drawing().getElementById("ns:bookinfo").emit("tap");
    const panel = await screen.findByRole("region", { name: "Namespace" });
    expect(page.search).toBe("node=ns%3Abookinfo");
    expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("bookinfo");
    expect(panel.textContent).toContain("profile internal · access: postgres");
    expect(within(panel).getByText("Enforcement is disabled (escape hatch)")).toBeTruthy();
    expect(within(panel).getByRole("link", { name: "Policy posture of bookinfo" }).getAttribute("href")).toBe(
      "/namespaces/bookinfo",
    );
  });

  it("turns each toolbar filter into the address and the API's question", async () => {
    const { api } = showGraph(capturedGraph());
    await screen.findByRole("list", { name: "Edges with drops" });
    const input = screen.getByRole("combobox", { name: "Namespace" });
    fireEvent.change(input, { target: { value: "Not_A_Namespace" } });
    expect(screen.getByRole("button", { name: "Add" }).hasAttribute("disabled")).toBe(true);
    fireEvent.change(input, { target: { value: "bookinfo" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(page.search).toBe("ns=bookinfo");
    fireEvent.click(screen.getByRole("button", { name: "Dropped" }));
    expect(page.search).toBe("ns=bookinfo&verdict=DROPPED");
    fireEvent.change(screen.getByRole("combobox", { name: "Time window" }), {
      target: { value: String(15 * MINUTE) },
    });
    expect(page.search).toBe("ns=bookinfo&verdict=DROPPED&window=15m");
    await waitFor(() => expect(api.asked).toContain("GET /api/graph?ns=bookinfo&verdict=DROPPED&window=15m"));
    expect(page.push).toHaveBeenCalledTimes(3);
  });

  it("says which parts of the address it ignored", () => {
    page.search = "window=banana&verdict=MAYBE";
    fakeApi({ "/api/graph": pending, "/api/status": pending });
    renderWithQueries(<GraphExplorer />);
    const notice = screen.getByText(/^Ignored in the address:/);
    expect(notice.textContent).toContain("verdict “MAYBE”");
    expect(notice.textContent).toContain("window “banana”");
  });

  it("zooms the drawing in and out and fits it again", async () => {
    showGraph(capturedGraph());
    await waitFor(() => expect(drawing().nodes().length).toBeGreaterThan(0));
    const fitted = drawing().zoom();
    fireEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    expect(drawing().zoom()).toBeCloseTo(fitted * 1.25);
    fireEvent.click(screen.getByRole("button", { name: "Zoom out" }));
    fireEvent.click(screen.getByRole("button", { name: "Zoom out" }));
    expect(drawing().zoom()).toBeCloseTo(fitted / 1.25);
    fireEvent.click(screen.getByRole("button", { name: "Zoom to fit" }));
    expect(drawing().zoom()).toBeCloseTo(fitted);
  });

  it("renders hostile namespace names as text", async () => {
    const graph = capturedGraph();
    const nodes = graph.nodes.map((n) => (n.id === "ns:default" ? { ...n, label: HOSTILE_TEXT } : n));
    const { container } = showGraph({ ...graph, nodes });
    const dropping = await screen.findByRole("list", { name: "Edges with drops" });
    expect(
      within(dropping).getByRole("button", {
        name: new RegExp(`^${HOSTILE_TEXT.replace(/[()]/g, "\\$&")} →`),
      }),
    ).toBeTruthy();
    expectNoInjectedMarkup(container);
  });
});
