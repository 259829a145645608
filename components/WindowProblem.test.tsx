import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { parseWindowParam } from "@/lib/api/query-params";
import { DropsView } from "./DropsView";
import { fakeApi, pending } from "./testing/fake-api";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";
import { ViewDefaultsProvider } from "./ViewWindow";

// The notice on a page whose address names a window it cannot use: the drops page here.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

function show(search: string) {
  page.pathname = "/drops";
  page.search = search;
  fakeApi({ "/api/drops": pending, "/api/status": pending });
  renderWithQueries(
    <ViewDefaultsProvider defaults={{ windowMs: 15 * 60_000 }}>
      <DropsView />
    </ViewDefaultsProvider>,
  );
}

describe("WindowProblem", () => {
  it("says the address's window was ignored, why, and which window is shown", () => {
    show("window=banana");
    const parsed = parseWindowParam("banana", 15 * 60_000);
    if (parsed.ok) throw new Error("banana is no window");
    expect(screen.getByTestId("window-problem").textContent).toBe(
      `Ignored in the address: ${parsed.error}; showing the last 15m.`,
    );
  });

  it("says nothing when the window is fine", () => {
    show("window=1h");
    expect(screen.queryByTestId("window-problem")).toBeNull();
  });
});
