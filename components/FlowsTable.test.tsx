import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { FlowRow } from "@/lib/flows-view/flow-row";
import { FlowsTable } from "./FlowsTable";

function row(i: number): FlowRow {
  return {
    key: `flow-${i}`,
    time: `2026-01-15T12:00:${String(i % 60).padStart(2, "0")}.000000000Z`,
    source: `shop/web-${i}`,
    destination: "database/postgres-0",
    port: "5432/TCP",
    verdict: i % 2 === 0 ? "DROPPED" : "FORWARDED",
    dropReason: i % 2 === 0 ? "POLICY_DENIED" : "",
    direction: "egress",
    l7: "",
    node: "node-1",
    policy: "",
  };
}

const many = Array.from({ length: 2_000 }, (_, i) => row(i));
const shownKeys = () => screen.getAllByTestId("flow-row").map((r) => r.dataset.key);

describe("FlowsTable", () => {
  it("puts only the rows in view in the page, and the others as the table scrolls", () => {
    render(<FlowsTable rows={many} selected={null} onSelect={() => {}} onMove={() => {}} />);
    const table = screen.getByRole("table", { name: "Flows, newest first; arrow keys move, Enter opens" });
    expect(table.getAttribute("aria-rowcount")).toBe("2001");
    expect(shownKeys()[0]).toBe("flow-0");
    expect(shownKeys().length).toBeLessThan(40);
    table.scrollTop = 28 * 1_000;
    fireEvent.scroll(table);
    expect(shownKeys()).toContain("flow-1000");
    expect(shownKeys()).not.toContain("flow-0");
  });

  it("shows each column's text and selects a row by its time's button", () => {
    const onSelect = vi.fn();
    render(<FlowsTable rows={[row(2)]} selected="flow-2" onSelect={onSelect} onMove={() => {}} />);
    const [shown] = screen.getAllByTestId("flow-row");
    expect(
      within(shown!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([
      "12:00:02.000",
      "shop/web-2",
      "database/postgres-0",
      "5432/TCP",
      "DROPPED",
      "POLICY_DENIED",
      "egress",
      "",
      "node-1",
      "",
    ]);
    expect(shown!.getAttribute("aria-selected")).toBe("true");
    fireEvent.click(within(shown!).getByRole("button", { name: "12:00:02.000: show this flow’s details" }));
    expect(onSelect).toHaveBeenCalledWith("flow-2");
  });

  it("moves one row per arrow key, also when keys come faster than the table re-renders", () => {
    const onMove = vi.fn();
    render(<FlowsTable rows={many.slice(0, 5)} selected={null} onSelect={() => {}} onMove={onMove} />);
    screen.getAllByTestId("flow-row")[0]!.querySelector("button")!.focus();
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    expect(onMove.mock.calls.map(([key]) => key)).toEqual(["flow-1", "flow-2", "flow-1"]);
  });
});
