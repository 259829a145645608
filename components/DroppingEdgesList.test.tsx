import { fireEvent, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DrawingEdge } from "@/lib/graph/graph-drawing";
import { DroppingEdgesList } from "./DroppingEdgesList";
import { capturedGraph } from "./testing/captured-graph";
import { fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW, hubbleView, MINUTE, statusResponse } from "./testing/status-fixtures";

// The graph's dropping edges as a list, over the graph the real code draws from the real capture.

const WINDOW = 5 * MINUTE;
const graph = capturedGraph();

function show(
  edges: DrawingEdge[],
  status: FakeAnswer = json(statusResponse()),
  selectedId: string | null = null,
) {
  fakeApi({ "/api/status": status });
  const onSelect = vi.fn<(id: string) => void>();
  const rendered = renderWithQueries(
    <DroppingEdgesList
      nodes={graph.nodes}
      edges={edges}
      selectedId={selectedId}
      onSelect={onSelect}
      windowMs={WINDOW}
    />,
  );
  return { onSelect, ...rendered };
}

const items = () =>
  within(screen.getByRole("list", { name: "Edges with drops" }))
    .getAllByRole("button")
    .map((b) => b.dataset.edgeId);

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("DroppingEdgesList", () => {
  it("claims no absence of drops while the relay's coverage is not known", () => {
    const { container } = show([], pending);
    expect(container.textContent).toBe("");
  });

  it("says there were no drops when the relay delivered the whole window", async () => {
    show(graph.edges.filter((e) => e.dropped + e.audited === 0));
    expect((await screen.findByText(/^No dropped flows/)).textContent).toBe(
      "No dropped flows in the last 5m.",
    );
  });

  it("lists the edges with drops or audits only, most first, recovered ones last", async () => {
    const [first, second, ...rest] = graph.edges.filter((e) => e.dropped + e.audited > 0);
    const edges: DrawingEdge[] = [
      ...graph.edges.filter((e) => e.dropped + e.audited === 0),
      { ...first!, dropped: 5, recoveredSince: FIXED_NOW - 2 * MINUTE },
      { ...second!, dropped: 3 },
      ...rest,
    ];
    show(edges);
    await screen.findByRole("list", { name: "Edges with drops" });
    expect(items()).toEqual([second!.id, ...rest.map((e) => e.id).sort(), first!.id]);
    const recovered = screen.getByRole("button", { name: new RegExp(`recovered since`) });
    expect(recovered.dataset.edgeId).toBe(first!.id);
    expect(
      within(recovered).getByTestId("recovered-since").querySelector("time")?.getAttribute("datetime"),
    ).toBe(new Date(FIXED_NOW - 2 * MINUTE).toISOString());
  });

  it("marks the selected edge, and selects the one clicked", async () => {
    const dropping = graph.edges.filter((e) => e.dropped + e.audited > 0);
    const { onSelect } = show(graph.edges, json(statusResponse()), dropping[1]!.id);
    await screen.findByRole("list", { name: "Edges with drops" });
    const pressed = screen.getAllByRole("button", { pressed: true });
    expect(pressed.map((b) => b.dataset.edgeId)).toEqual([dropping[1]!.id]);
    fireEvent.click(screen.getByRole("button", { name: /^default → default 80\/TCP/ }));
    expect(onSelect).toHaveBeenCalledWith("ns:default>ns:default:tcp:80:unknown");
  });

  it("says flows are known only since the relay started, and lists what was received", async () => {
    const late = statusResponse({ hubble: hubbleView({ coveredSince: FIXED_NOW - 2 * MINUTE }) });
    show(graph.edges, json(late));
    expect((await screen.findByTestId("flows-partial")).textContent).toBe(
      "Flows are known only since 2 min ago, not for the whole window.",
    );
    expect(items()).toHaveLength(5);
  });
});
