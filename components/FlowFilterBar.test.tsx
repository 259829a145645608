import { fireEvent, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { withFlag } from "@/lib/flows-view/flows-query";
import { FlowsView } from "./FlowsView";
import { capturedEntries, flowsAnswer } from "./testing/captured-flows";
import { fakeApi, json, type FakeApi } from "./testing/fake-api";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";

// The filter bar on the page that owns it: what is typed becomes the address, in hubble's flag names.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

let api: FakeApi;
beforeEach(() => {
  page.pathname = "/flows";
  api = fakeApi({ "/api/flows": json(flowsAnswer(capturedEntries())) });
  renderWithQueries(<FlowsView />);
});

const filters = () => screen.getByRole("list", { name: "Filters" });
const command = () => screen.getByTestId("observe-command").textContent;

function addFilter(flag: string, value: string, not = false) {
  fireEvent.change(screen.getByRole("combobox", { name: "Filter flag" }), { target: { value: flag } });
  if (not) fireEvent.click(screen.getByRole("checkbox", { name: "--not" }));
  fireEvent.change(screen.getByLabelText("Filter value"), { target: { value } });
  fireEvent.click(screen.getByRole("button", { name: "Add filter" }));
}

describe("FlowFilterBar", () => {
  it("says every flow is shown while there is no filter", () => {
    expect(filters().textContent).toBe("No filters: every flow.");
    expect(command()).toBe("hubble observe --last 200 --since 5m --follow");
  });

  it("adds a typed filter to the address in hubble's flag names, and asks the relay for it", async () => {
    addFilter("from-namespace", "  default ");
    expect(page.search).toBe("from-namespace=default");
    expect(within(filters()).getByRole("listitem").textContent).toBe("--from-namespace default×");
    expect(command()).toBe("hubble observe --from-namespace default --last 200 --since 5m --follow");
    await vi.waitFor(() =>
      expect(api.asked).toContain("GET /api/flows?from-namespace=default&last=200&since=5m"),
    );
    expect((screen.getByLabelText("Filter value") as HTMLInputElement).value).toBe("");
  });

  it("adds a negated filter after --not, and the checkbox is cleared for the next one", () => {
    addFilter("verdict", "FORWARDED", true);
    expect(page.search).toBe("not&verdict=FORWARDED");
    expect(screen.getByRole("button", { name: "Remove --not --verdict FORWARDED" })).toBeTruthy();
    expect((screen.getByRole("checkbox", { name: "--not" }) as HTMLInputElement).checked).toBe(false);
  });

  it("removes a filter by its chip", () => {
    addFilter("from-namespace", "default");
    addFilter("protocol", "tcp");
    expect(page.search).toBe("from-namespace=default&protocol=tcp");
    fireEvent.click(screen.getByRole("button", { name: "Remove --from-namespace default" }));
    expect(page.search).toBe("protocol=tcp");
  });

  it("says why hubble would refuse a value, and leaves the address as it was", () => {
    addFilter("from-port", "http");
    let refusal = "";
    try {
      withFlag([], { name: "from-port", value: "http" });
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).not.toBe("");
    expect(screen.getByRole("alert").textContent).toBe(refusal);
    expect(page.search).toBe("");
    expect(filters().textContent).toBe("No filters: every flow.");
  });

  it("adds nothing for an empty value", () => {
    addFilter("namespace", "   ");
    expect(page.search).toBe("");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
