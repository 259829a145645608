import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { GraphLegend } from "./GraphLegend";
import { ROUTED_LAYOUT_MAX_NODES } from "./graph/graph-layout";
import { DROPPED_COLOR, RECOVERY_UNKNOWN_COLOR, RECOVERY_UNKNOWN_DASH } from "./graph/graph-style";

describe("GraphLegend", () => {
  it("says where the groups are for the layout the drawn node count gets", () => {
    const { rerender } = render(<GraphLegend profiles={[]} nodeCount={ROUTED_LAYOUT_MAX_NODES} />);
    expect(screen.getByTestId("graph-groups").textContent).toContain("(diamonds) on the left");
    rerender(<GraphLegend profiles={[]} nodeCount={ROUTED_LAYOUT_MAX_NODES + 1} />);
    const ringed = screen.getByTestId("graph-groups").textContent;
    expect(ringed).toContain("on rings");
    expect(ringed).not.toContain("on the left");
  });

  it("explains the recovery-unknown edge with its own colour and dash-dot line", () => {
    render(<GraphLegend profiles={[]} nodeCount={3} />);
    const items = within(screen.getByRole("list", { name: "Legend" })).getAllByRole("listitem");
    const unknown = items.find((item) => item.textContent?.includes("recovery unknown"));
    if (!unknown) throw new Error("the legend has no recovery-unknown entry");
    expect(unknown.textContent?.trim()).toBe("recovery unknown (dropped earlier, flows missed since)");
    expect(unknown.getAttribute("title")).toMatch(/may still drop/);
    const line = unknown.querySelector("svg line");
    expect(line?.getAttribute("stroke")).toBe(RECOVERY_UNKNOWN_COLOR);
    expect(line?.getAttribute("stroke-dasharray")).toBe(RECOVERY_UNKNOWN_DASH.join(" "));
    // The dropping entry is a different mark in a different colour.
    const dropped = items.find((item) => item.textContent?.trim() === "dropped");
    expect(dropped?.querySelector("svg")).toBeNull();
    expect((dropped?.querySelector("span") as HTMLElement | null)?.style.background).toBe(DROPPED_COLOR);
  });
});
