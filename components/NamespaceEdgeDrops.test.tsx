import { act, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { GraphResponse } from "@/lib/api/responses";
import { NamespaceEdgeDrops } from "./NamespaceEdgeDrops";
import { capturedGraph } from "./testing/captured-graph";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW, MINUTE, RELAY_STALLED, statusResponse } from "./testing/status-fixtures";

// A namespace's drops as the graph draws them from the real capture: remote-node's dropped 8182/TCP
// into namespace-name, flux-system's audited call to the API server.

const WINDOW = 15 * MINUTE;
const DEFAULT_WINDOW = 5 * MINUTE;
const dropsOf = (namespace: string) =>
  capturedGraph(WINDOW, { namespaces: [namespace], verdicts: ["DROPPED", "AUDIT"] });

function show(namespace: string, graph: FakeAnswer, status: FakeAnswer = json(statusResponse())) {
  const api = fakeApi({ "/api/graph": graph, "/api/status": status });
  const rendered = renderWithQueries(
    <NamespaceEdgeDrops namespace={namespace} windowMs={WINDOW} defaultWindowMs={DEFAULT_WINDOW} />,
  );
  return { api, ...rendered };
}

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("NamespaceEdgeDrops", () => {
  it("says it is loading, and asks the graph for the namespace's drops over the window", () => {
    const { api } = show("namespace-name", pending);
    expect(screen.getByText("Loading drops…")).toBeTruthy();
    expect(api.asked).toContain(
      "GET /api/graph?ns=namespace-name&verdict=DROPPED%2CAUDIT&window=15m&detail=all",
    );
  });

  it("says why the drops are unavailable", async () => {
    show("namespace-name", apiError("bad_gateway", "Hubble Relay unreachable"));
    expect((await screen.findByText(/^Drops unavailable/)).textContent).toBe(
      "Drops unavailable: Hubble Relay unreachable",
    );
  });

  it("lists drops into the namespace, each linking to its edge on the graph", async () => {
    const graph = dropsOf("namespace-name");
    show("namespace-name", json(graph));
    expect((await screen.findByTestId("namespace-edge-drops-summary")).textContent).toBe(
      "1 drops into namespace-name and 0 from it in the last 15m, as on the graph.",
    );
    const into = screen.getByTestId("namespace-drops-into");
    const item = within(into).getByRole("listitem");
    expect(item.textContent).toBe("from Remote node 8182/TCP1 dropped");
    const id = item.dataset.edgeId!;
    expect(graph.edges.map((e) => e.id)).toContain(id);
    expect(within(item).getByRole("link").getAttribute("href")).toBe(
      `/?ns=namespace-name&window=15m&edge=${encodeURIComponent(id)}`,
    );
    expect(screen.getByRole("heading", { name: "From namespace-name" }).nextElementSibling?.textContent).toBe(
      "None.",
    );
  });

  it("counts audited flows as drops from the namespace", async () => {
    show("flux-system", json(dropsOf("flux-system")));
    expect((await screen.findByTestId("namespace-drops-from")).textContent).toBe(
      "to Kubernetes API server 6443/TCP1 audit (would be dropped)",
    );
    expect(screen.getByTestId("namespace-edge-drops-summary").textContent).toBe(
      "0 drops into flux-system and 1 from it in the last 15m, as on the graph.",
    );
  });

  it("keeps the last drops when a refresh fails, and says so", async () => {
    const { api, client } = show("namespace-name", json(dropsOf("namespace-name")));
    await screen.findByTestId("namespace-drops-into");
    api.answer("/api/graph", apiError("bad_gateway", "Hubble Relay unreachable"));
    await act(() => client.refetchQueries({ queryKey: ["graph"] }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Refresh failed (Hubble Relay unreachable); showing the last answer.",
    );
    expect(screen.getByTestId("namespace-drops-into").textContent).toBe("from Remote node 8182/TCP1 dropped");
  });

  it("says drops are unknown since the relay went down, and draws no total", async () => {
    const down = RELAY_STALLED;
    const empty: GraphResponse = { ...dropsOf("shop"), nodes: [], edges: [] };
    show("shop", json(empty), json(statusResponse({ hubble: down })));
    expect((await screen.findByTestId("flows-unavailable")).textContent).toBe(
      "Flows unavailable since 7 min ago (no flow for 45 s); drops after that are unknown.",
    );
    expect(screen.queryByTestId("namespace-edge-drops-summary")).toBeNull();
    expect(screen.getAllByText("None received.")).toHaveLength(2);
    expect(screen.queryByText("None.")).toBeNull();
  });

  it("renders a hostile peer name as text", async () => {
    const graph = dropsOf("namespace-name");
    const nodes = graph.nodes.map((n) => (n.id === "remote-node" ? { ...n, label: HOSTILE_TEXT } : n));
    const { container } = show("namespace-name", json({ ...graph, nodes }));
    expect((await screen.findByTestId("namespace-drops-into")).textContent).toBe(
      `from ${HOSTILE_TEXT} 8182/TCP1 dropped`,
    );
    expectNoInjectedMarkup(container);
  });
});
