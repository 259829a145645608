import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { GraphLegend } from "./GraphLegend";
import { ROUTED_LAYOUT_MAX_NODES } from "./graph/graph-layout";

describe("GraphLegend", () => {
  it("says where the groups are for the layout the drawn node count gets", () => {
    const { rerender } = render(<GraphLegend profiles={[]} nodeCount={ROUTED_LAYOUT_MAX_NODES} />);
    expect(screen.getByTestId("graph-groups").textContent).toContain("(diamonds) on the left");
    rerender(<GraphLegend profiles={[]} nodeCount={ROUTED_LAYOUT_MAX_NODES + 1} />);
    const ringed = screen.getByTestId("graph-groups").textContent;
    expect(ringed).toContain("on rings");
    expect(ringed).not.toContain("on the left");
  });
});
