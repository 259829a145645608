import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { EdgeResponse } from "@/lib/api/responses";
import { testFlow } from "@/lib/flows/testing/test-flow";
import { EdgePanel } from "./EdgePanel";
import { classification } from "./testing/drop-fixtures";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { BATCH_DROP } from "./testing/fix-fixtures";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";
import { MINUTE, FIXED_NOW } from "./testing/status-fixtures";

const ID = "ns:batch->ns:database:5432/TCP";
const WINDOW = 15 * MINUTE;

function edgeAnswer(
  overrides: Partial<EdgeResponse["edge"]> = {},
  flows: EdgeResponse["flows"] = [],
): EdgeResponse {
  return {
    now: FIXED_NOW,
    windowMs: WINDOW,
    edge: {
      id: ID,
      source: "ns:batch",
      target: "ns:database",
      label: "5432/TCP",
      dropped: 2,
      audited: 0,
      forwarded: 40,
      sourceLabel: "batch",
      targetLabel: "database",
      firstSeen: FIXED_NOW - 10 * MINUTE,
      lastSeen: FIXED_NOW - 2 * MINUTE,
      counts: { DROPPED: 2, FORWARDED: 40 },
      direction: "egress",
      ...overrides,
    },
    flows,
  };
}

const forwarded = testFlow({ ...BATCH_DROP, id: "fwd-1", verdict: "FORWARDED", dropReason: null });
const dropClass = classification({ namespace: "batch", title: "Access label missing: postgres (batch)" });

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("EdgePanel", () => {
  it("says it is loading the edge's flows", () => {
    fakeApi({ "/api/graph/edge": pending });
    renderWithQueries(<EdgePanel edgeId={ID} windowMs={WINDOW} />);
    expect(screen.getByText("Loading flows…")).toBeTruthy();
  });

  it("says why the edge could not be loaded", async () => {
    fakeApi({ "/api/graph/edge": apiError("not_found", "no such edge in the last 15m") });
    renderWithQueries(<EdgePanel edgeId={ID} windowMs={WINDOW} />);
    expect(await screen.findByText("no such edge in the last 15m")).toBeTruthy();
  });

  it("shows the edge's ends, counts and last flow, each drop class once, and a fix for drops", async () => {
    const flows = [
      { flow: BATCH_DROP, classification: dropClass },
      { flow: { ...BATCH_DROP, id: "drop-2" }, classification: dropClass },
      { flow: forwarded, classification: null },
    ];
    fakeApi({ "/api/graph/edge": json(edgeAnswer({}, flows)), "/api/fix": pending });
    renderWithQueries(<EdgePanel edgeId={ID} windowMs={WINDOW} />);
    const panel = await screen.findByTestId("edge-panel");
    expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("batch → database");
    expect(panel.querySelector("header p")?.textContent).toBe(
      "5432/TCP · egress · 2 dropped · 40 forwarded in the last 15m · last seen 2 min ago",
    );
    expect(within(panel).getAllByTestId("drop-classification")).toHaveLength(1);
    expect(panel.querySelectorAll("[data-flow-id]")).toHaveLength(3);
    expect(within(panel).getByRole("button", { name: "Why? and Fix" })).toBeTruthy();
  });

  it("offers no fix for an edge without drops, and shows its L7 failures", async () => {
    const answer = edgeAnswer({
      dropped: 0,
      counts: { FORWARDED: 40 },
      l7Failures: { "http-server-error": 3 },
    });
    fakeApi({ "/api/graph/edge": json(answer) });
    renderWithQueries(<EdgePanel edgeId={ID} windowMs={WINDOW} />);
    expect((await screen.findByTestId("edge-l7-failures")).textContent).toBe("L7 failures: 3 HTTP 5xx");
    expect(screen.getByTestId("edge-panel").textContent).toContain("0 dropped");
    expect(screen.queryByRole("button", { name: "Why? and Fix" })).toBeNull();
  });

  it("renders hostile peer names as text", async () => {
    fakeApi({ "/api/graph/edge": json(edgeAnswer({ sourceLabel: HOSTILE_TEXT })), "/api/fix": pending });
    const { container } = renderWithQueries(<EdgePanel edgeId={ID} windowMs={WINDOW} />);
    expect((await screen.findByRole("heading", { level: 2 })).textContent).toBe(`${HOSTILE_TEXT} → database`);
    expectNoInjectedMarkup(container);
  });
});
