import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_GRAPH_VIEW_STATE, type GraphViewState } from "@/lib/graph/graph-url-state";
import { GRAPH_WINDOW_PRESETS_MS } from "@/lib/graph/graph-window";
import { GraphToolbar } from "./GraphToolbar";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

// The toolbar alone: each control hands the next view state (or the export) to the page; the
// graph page's test follows those states into the address.

function show(state: GraphViewState = DEFAULT_GRAPH_VIEW_STATE, knownNamespaces: string[] = []) {
  const onChange = vi.fn<(next: GraphViewState) => void>();
  const onExportPng = vi.fn<() => void>();
  const rendered = render(
    <GraphToolbar
      state={state}
      knownNamespaces={knownNamespaces}
      onChange={onChange}
      onExportPng={onExportPng}
    />,
  );
  return { onChange, onExportPng, ...rendered };
}

const MINUTE = 60_000;

describe("GraphToolbar", () => {
  it("exports the drawing when asked", () => {
    const { onExportPng, onChange } = show();
    fireEvent.click(screen.getByRole("button", { name: "Export PNG" }));
    expect(onExportPng).toHaveBeenCalledTimes(1);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("adds a namespace once, sorted, and only a valid name", () => {
    const { onChange } = show({ ...DEFAULT_GRAPH_VIEW_STATE, namespaces: ["shop"] });
    const input = screen.getByRole("combobox", { name: "Namespace" });
    fireEvent.change(input, { target: { value: "Shop!" } });
    expect(screen.getByRole("button", { name: "Add" }).hasAttribute("disabled")).toBe(true);
    fireEvent.submit(input.closest("form")!);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: " blog " } });
    fireEvent.submit(input.closest("form")!);
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_GRAPH_VIEW_STATE, namespaces: ["blog", "shop"] });
    expect((input as HTMLInputElement).value).toBe("");
  });

  it("offers the graph's namespaces as suggestions", () => {
    const { container } = show(DEFAULT_GRAPH_VIEW_STATE, ["bookinfo", "kube-system"]);
    expect([...container.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"))).toEqual([
      "bookinfo",
      "kube-system",
    ]);
  });

  it("removes a namespace filter by its chip", () => {
    const { onChange } = show({ ...DEFAULT_GRAPH_VIEW_STATE, namespaces: ["blog", "shop"] });
    fireEvent.click(screen.getByRole("button", { name: "Remove namespace filter blog" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_GRAPH_VIEW_STATE, namespaces: ["shop"] });
  });

  it("marks the verdict shown and switches it", () => {
    const { onChange } = show({ ...DEFAULT_GRAPH_VIEW_STATE, verdicts: ["DROPPED"] });
    const group = screen.getByRole("group", { name: "Verdict" });
    expect(
      within(group)
        .getAllByRole("button", { pressed: true })
        .map((b) => b.textContent),
    ).toEqual(["Dropped"]);
    fireEvent.click(within(group).getByRole("button", { name: "All" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_GRAPH_VIEW_STATE, verdicts: [] });
  });

  it("offers the preset windows and the address's own, and switches to the one chosen", () => {
    const { onChange } = show({ ...DEFAULT_GRAPH_VIEW_STATE, windowMs: 7 * MINUTE });
    const select = screen.getByRole("combobox", { name: "Time window" }) as HTMLSelectElement;
    expect(select.value).toBe(String(7 * MINUTE));
    expect(within(select).getAllByRole("option")).toHaveLength(GRAPH_WINDOW_PRESETS_MS.length + 1);
    expect(within(select).getByRole("option", { selected: true }).textContent).toBe("last 7m");
    fireEvent.change(select, { target: { value: String(60 * MINUTE) } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_GRAPH_VIEW_STATE, windowMs: 60 * MINUTE });
  });

  it("renders a hostile suggested namespace as text", () => {
    const { container } = show(DEFAULT_GRAPH_VIEW_STATE, [HOSTILE_TEXT]);
    expect(container.querySelector("datalist option")?.getAttribute("value")).toBe(HOSTILE_TEXT);
    expectNoInjectedMarkup(container);
  });
});
