import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { FlowsEntry } from "@/lib/flows-view/flow-row";
import { FlowsView } from "./FlowsView";
import { capturedEntries, flowsAnswer } from "./testing/captured-flows";
import { fakeApi, json } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";

// The sidebar on the page that owns it, for a real captured drop: each value it can filter on adds
// that filter to the address.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

/** The capture's xwing → deathstar drop (the exporter's example in Cilium's docs). */
function xwingDrop(): FlowsEntry {
  const entry = capturedEntries().find((e) => e.flow.source?.pod_name === "xwing");
  if (!entry) throw new Error("the capture's xwing → deathstar drop is missing");
  return entry;
}

async function openDetails(entry: FlowsEntry) {
  page.pathname = "/flows";
  fakeApi({ "/api/flows": json(flowsAnswer([entry])) });
  const rendered = renderWithQueries(<FlowsView />);
  const [row] = await screen.findAllByTestId("flow-row");
  fireEvent.click(within(row!).getByRole("button"));
  return { ...rendered, sidebar: screen.getByRole("complementary", { name: "Flow details" }) };
}

const valueOf = (sidebar: HTMLElement, field: string) =>
  within(sidebar).getByText(field, { selector: "dt" }).nextElementSibling as HTMLElement;

describe("FlowDetailSidebar", () => {
  it("shows the flow's values, those hubble can filter on as buttons", async () => {
    const { sidebar } = await openDetails(xwingDrop());
    expect(valueOf(sidebar, "verdict").textContent).toBe("DROPPEDnot");
    expect(within(valueOf(sidebar, "verdict")).getByRole("button", { name: "DROPPED" }).title).toBe(
      "Add --verdict DROPPED",
    );
    expect(valueOf(sidebar, "drop reason").textContent).toBe("POLICY_DENIEDnot");
    // The time is shown, but hubble has no flag for it.
    expect(within(valueOf(sidebar, "time")).queryByRole("button")).toBeNull();
    expect(valueOf(sidebar, "time").textContent).toBe(xwingDrop().flow.time);
  });

  it("adds the value clicked as a filter, and its negation by 'not'", async () => {
    const { sidebar } = await openDetails(xwingDrop());
    fireEvent.click(within(sidebar).getByRole("button", { name: "POLICY_DENIED" }));
    expect(page.search).toBe("drop-reason-desc=POLICY_DENIED");
    // The address no longer selects the row: the sidebar closed on the new filter.
    expect(screen.queryByRole("complementary", { name: "Flow details" })).toBeNull();
    const [row] = await screen.findAllByTestId("flow-row");
    fireEvent.click(within(row!).getByRole("button"));
    fireEvent.click(screen.getByRole("button", { name: "Exclude verdict DROPPED" }));
    expect(page.search).toBe("drop-reason-desc=POLICY_DENIED&not&verdict=DROPPED");
    expect(screen.getByTestId("observe-command").textContent).toBe(
      "hubble observe --drop-reason-desc POLICY_DENIED --not --verdict DROPPED --last 200 --since 5m --follow",
    );
  });

  it("closes and gives the focus back to the row", async () => {
    await openDetails(xwingDrop());
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("complementary", { name: "Flow details" })).toBeNull();
    expect(document.activeElement).toBe(within(screen.getByTestId("flow-row")).getByRole("button"));
  });

  it("renders hostile names as text", async () => {
    const entry = xwingDrop();
    const hostile = {
      ...entry,
      flow: { ...entry.flow, source: { namespace: "default", pod_name: HOSTILE_TEXT } },
    };
    const { sidebar, container } = await openDetails(hostile);
    expect(sidebar.textContent).toContain(HOSTILE_TEXT);
    expectNoInjectedMarkup(container);
  });
});
