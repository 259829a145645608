import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { flowRow, type FlowsEntry } from "@/lib/flows-view/flow-row";
import { parseFlowsSearchParams, sinceStart } from "@/lib/flows-view/flows-query";
import { FlowsView } from "./FlowsView";
import { capturedEntries, flowsAnswer } from "./testing/captured-flows";
import { page } from "./testing/navigation-stub";
import { apiError, fakeApi, json, pending, respond } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW } from "./testing/status-fixtures";

// The page's URL, as Next's router gives it to the component: the one framework boundary stubbed.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

const rows = () => screen.queryAllByTestId("flow-row");
/** /api/flows as the server answers: the captured flows since the time the request asks for. */
const capturedSince = (bufferFrom: string | null = null, last = Infinity) =>
  respond((url) => {
    const query = parseFlowsSearchParams(url.searchParams);
    if (!query.ok || query.value.since === null) throw new Error(`the page asked ${url.search}`);
    const from = sinceStart(query.value.since, FIXED_NOW);
    const flows = capturedEntries().filter((entry) => Date.parse(entry.flow.time) >= from);
    const kept = flows.slice(Math.max(0, flows.length - last));
    return json({ ...flowsAnswer(kept), truncated: kept.length < flows.length, bufferFrom });
  });

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

  it("shows exactly the flows since the time the address names, and exports only those", async () => {
    page.pathname = "/flows";
    page.search = "since=2021-11-01T00:00:00Z";
    const since = Date.parse("2021-11-01T00:00:00Z");
    const expected = capturedEntries().filter((entry) => Date.parse(entry.flow.time) >= since);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(capturedEntries().length);
    const api = fakeApi({ "/api/flows": capturedSince() });
    renderWithQueries(<FlowsView />);
    await screen.findByRole("heading", {
      name: `Flows (${expected.length} since 2021-11-01T00:00:00Z, newest first)`,
    });
    expect(api.asked[0]).toBe("GET /api/flows?last=200&since=2021-11-01T00%3A00%3A00Z");
    expect(rows().map((row) => row.dataset.key)).toEqual(
      expected.map((entry) => flowRow(entry).key).reverse(),
    );
    expect(screen.getByTestId("observe-command").textContent).toBe(
      "hubble observe --last 200 --since 2021-11-01T00:00:00Z --follow",
    );
    expect(screen.queryByTestId("relay-buffer-start")).toBeNull();

    const objectUrl = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:flows");
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    fireEvent.click(screen.getByRole("button", { name: "Export JSON lines" }));
    const exported = await (objectUrl.mock.calls[0]![0] as Blob).text();
    const times = exported
      .trim()
      .split("\n")
      .map((line) => Date.parse((JSON.parse(line) as { flow: { time: string } }).flow.time));
    expect(times.length).toBe(expected.length);
    expect(times.every((time) => time >= since)).toBe(true);
  });

  it("says when the time asked is older than the relay's buffer holds", async () => {
    page.pathname = "/flows";
    page.search = "since=2021-11-01T00:00:00Z";
    fakeApi({ "/api/flows": capturedSince("2023-08-21T12:12:13.517Z") });
    renderWithQueries(<FlowsView />);
    expect((await screen.findByTestId("relay-buffer-start")).textContent).toBe(
      "Asked for flows since 2021-11-01T00:00:00Z, but Hubble Relay holds no flows before " +
        "2023-08-21T12:12:13.517Z (overwritten, or never recorded), so the table starts there.",
    );
  });

  it("does not say where the table starts when the answer holds only the newest --last flows", async () => {
    page.pathname = "/flows";
    page.search = "since=2021-11-01T00:00:00Z&last=2";
    fakeApi({ "/api/flows": capturedSince("2023-08-21T12:12:13.517Z", 2) });
    renderWithQueries(<FlowsView />);
    expect((await screen.findByTestId("relay-buffer-start")).textContent).toBe(
      "Asked for flows since 2021-11-01T00:00:00Z, but Hubble Relay holds no flows before " +
        "2023-08-21T12:12:13.517Z (overwritten, or never recorded).",
    );
    expect(rows()).toHaveLength(2);
  });

  it("refuses a --since Hubble would not read, keeps the other filters, and asks nothing", () => {
    page.pathname = "/flows";
    page.search = "from-namespace=shop&since=yesterday";
    const api = fakeApi({ "/api/flows": capturedSince() });
    renderWithQueries(<FlowsView />);
    expect(screen.getByRole("alert").textContent).toBe(
      'The address asks for filters Hubble would refuse: --since: "yesterday" must be a duration (5m, 1h) or an RFC 3339 time',
    );
    expect(api.asked).toEqual([]);
    expect(page.search).toBe("from-namespace=shop&since=yesterday");
  });
});
