import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DrawingEdge } from "@/lib/graph/graph-drawing";
import { EdgeDropState } from "./EdgeDropState";
import { FIXED_NOW, MINUTE } from "./testing/status-fixtures";

const edge = (overrides: Partial<DrawingEdge> = {}): DrawingEdge => ({
  id: "ns:mealie>ns:database:tcp:5432:egress",
  source: "ns:mealie",
  target: "ns:database",
  label: "5432/TCP",
  dropped: 30,
  audited: 0,
  forwarded: 4,
  ...overrides,
});

const state = (container: HTMLElement) => container.firstElementChild?.getAttribute("data-state");

describe("EdgeDropState", () => {
  it("says an edge drops, has recovered, or whose recovery is unknown after a relay gap", () => {
    const dropping = render(<EdgeDropState edge={edge()} />);
    expect(state(dropping.container)).toBe("dropping");
    expect(dropping.container.textContent).toBe("30 dropped");
    dropping.unmount();

    const recovered = render(<EdgeDropState edge={edge({ recoveredSince: FIXED_NOW - 3 * MINUTE })} />);
    expect(state(recovered.container)).toBe("recovered");
    expect(screen.getByTestId("recovered-since")).toBeTruthy();
    recovered.unmount();

    const unknown = render(<EdgeDropState edge={edge({ recoveryUnknownAfter: FIXED_NOW - 3 * MINUTE })} />);
    expect(state(unknown.container)).toBe("unknown");
    expect(screen.queryByTestId("recovered-since")).toBeNull();
    expect(screen.getByTestId("recovery-unknown").textContent).toMatch(
      /^recovery unknown: no drop seen since .+, but the relay missed flows since$/,
    );
  });
});
