import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { flowRow, type FlowsEntry } from "@/lib/flows-view/flow-row";
import { FlowsView } from "./FlowsView";
import { capturedEntries, flowsAnswer } from "./testing/captured-flows";
import { page } from "./testing/navigation-stub";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";

// The page's URL, as Next's router gives it to the component: the one framework boundary stubbed.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

const rows = () => screen.queryAllByTestId("flow-row");
const column = (row: HTMLElement, name: string) => row.querySelector(`[data-column="${name}"]`)?.textContent;

describe("FlowsView", () => {
  it("shows the command it follows and no claim about flows while loading", () => {
    fakeApi({ "/api/flows": pending });
    renderWithQueries(<FlowsView />);
    expect(screen.getByTestId("observe-command").textContent).toBe(
      "hubble observe --last 200 --since 5m --follow",
    );
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "Flows (0 in the last 5m, newest first)",
    );
    expect(screen.queryByText(/match these filters/)).toBeNull();
    expect(screen.getByRole("button", { name: "Export JSON lines" }).hasAttribute("disabled")).toBe(true);
  });

  it("says why the flows could not be loaded", async () => {
    fakeApi({ "/api/flows": apiError("bad_gateway", "Hubble Relay unreachable") });
    renderWithQueries(<FlowsView />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load flows: Hubble Relay unreachable",
    );
  });

  it("says no flow matches when the relay answers none", async () => {
    fakeApi({ "/api/flows": json(flowsAnswer([])) });
    renderWithQueries(<FlowsView />);
    expect((await screen.findByText(/match these filters/)).textContent).toBe(
      "No flows in the relay's buffer match these filters in the last 5m.",
    );
  });

  it("lists the relay's flows newest first, each as Hubble reports it, and opens one's details", async () => {
    const entries = capturedEntries();
    fakeApi({ "/api/flows": json(flowsAnswer(entries)) });
    renderWithQueries(<FlowsView />);
    await screen.findByRole("heading", { name: `Flows (${entries.length} in the last 5m, newest first)` });
    expect(screen.getByTestId("flows-table").dataset.rowCount).toBe(String(entries.length));
    const shown = rows();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown[0]!.dataset.key).toBe(flowRow(entries.at(-1)!).key);
    const denied = shown.find((row) => column(row, "source") === "default/xwing");
    if (!denied) throw new Error("the capture's xwing → deathstar drop is not listed");
    expect(column(denied, "destination")).toBe("default/deathstar-7848d6c4d5-th9v2");
    expect(column(denied, "port")).toBe("80/TCP");
    expect(column(denied, "verdict")).toBe("DROPPED");
    expect(column(denied, "drop reason")).toBe("POLICY_DENIED");
    fireEvent.click(within(denied).getByRole("button"));
    expect(denied.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("complementary", { name: "Flow details" }).textContent).toContain(
      "deathstar-7848d6c4d5-th9v2",
    );
  });

  it("asks the API for the URL's filters and says so in the CLI's words", async () => {
    page.search = "from-namespace=shop&not&verdict=FORWARDED&last=50";
    const api = fakeApi({ "/api/flows": json(flowsAnswer([])) });
    renderWithQueries(<FlowsView />);
    await screen.findByText(/match these filters/);
    expect(api.asked[0]).toBe("GET /api/flows?from-namespace=shop&not&verdict=FORWARDED&last=50&since=5m");
    expect(screen.getByTestId("observe-command").textContent).toBe(
      "hubble observe --from-namespace shop --not --verdict FORWARDED --last 50 --since 5m --follow",
    );
  });

  it("refuses a URL whose filters Hubble would refuse, and asks the relay nothing", () => {
    page.search = "from-port=http";
    const api = fakeApi({ "/api/flows": json(flowsAnswer([])) });
    renderWithQueries(<FlowsView />);
    expect(screen.getByRole("alert").textContent).toMatch(
      /^The address asks for filters Hubble would refuse: /,
    );
    expect(api.asked).toEqual([]);
    expect(screen.queryByText(/match these filters/)).toBeNull();
  });

  it("renders hostile pod names as text", async () => {
    const [first] = capturedEntries().filter((entry) => entry.flow.source?.pod_name === "xwing");
    const hostile: FlowsEntry = {
      ...first!,
      flow: { ...first!.flow, source: { namespace: "default", pod_name: HOSTILE_TEXT } },
    };
    fakeApi({ "/api/flows": json(flowsAnswer([hostile])) });
    const { container } = renderWithQueries(<FlowsView />);
    await screen.findByRole("heading", { name: "Flows (1 in the last 5m, newest first)" });
    expect(column(rows()[0]!, "source")).toBe(`default/${HOSTILE_TEXT}`);
    expectNoInjectedMarkup(container);
  });
});
