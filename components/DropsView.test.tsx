import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DropsResponse } from "@/lib/api/responses";
import { groupDrops } from "@/lib/drops/drop-groups";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { DropsView } from "./DropsView";
import { classification } from "./testing/drop-fixtures";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW, MINUTE, RELAY_STALLED, statusResponse } from "./testing/status-fixtures";

const WINDOW = 15 * MINUTE;

function dropsAnswer(groups: DropsResponse["groups"]): DropsResponse {
  return { now: FIXED_NOW, windowMs: WINDOW, groups };
}

const drop = (id: string, ago: number, namespace: string) =>
  testFlow({
    id,
    time: FIXED_NOW - ago,
    verdict: "DROPPED",
    dropReason: "POLICY_DENIED",
    source: testPeer({ namespace, pod: "cart-0", workload: "cart" }),
  });

vi.mock("next/navigation", () => import("./testing/navigation-stub"));

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
  page.pathname = "/drops";
  page.search = "window=15m";
});

describe("DropsView", () => {
  it("claims neither drops nor their absence while loading", () => {
    fakeApi({ "/api/drops": pending, "/api/status": pending });
    renderWithQueries(<DropsView />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("… dropped flows in the last 15m");
    expect(screen.queryByText("No drops in the last 15m.")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says why the drops could not be loaded", async () => {
    fakeApi({
      "/api/drops": apiError("unavailable", "the cluster cache is not synced yet"),
      "/api/status": json(statusResponse()),
    });
    renderWithQueries(<DropsView />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load drops: the cluster cache is not synced yet",
    );
  });

  it("says there are no drops only when the relay delivered the whole window", async () => {
    fakeApi({ "/api/drops": json(dropsAnswer([])), "/api/status": json(statusResponse()) });
    renderWithQueries(<DropsView />);
    expect(await screen.findByText("No drops in the last 15m.")).toBeTruthy();
    expect(screen.queryByTestId("flows-unavailable")).toBeNull();
  });

  it("says drops are unknown since the relay went down instead of saying there are none", async () => {
    const down = RELAY_STALLED;
    fakeApi({ "/api/drops": json(dropsAnswer([])), "/api/status": json(statusResponse({ hubble: down })) });
    renderWithQueries(<DropsView />);
    expect((await screen.findByTestId("flows-unavailable")).textContent).toBe(
      "Flows unavailable since 7 min ago (no flow for 45 s); drops after that are unknown.",
    );
    expect(screen.queryByText("No drops in the last 15m.")).toBeNull();
  });

  it("shows each group's namespace, count, last drop, class and fix, most severe first", async () => {
    const flows = [drop("a", 2 * MINUTE, "shop"), drop("b", 1 * MINUTE, "shop"), drop("c", 30_000, "blog")];
    const groups = groupDrops(flows, (flow) =>
      flow.source.namespace === "shop"
        ? classification()
        : classification({
            namespace: "blog",
            classId: "not-a-policy-drop/CT_MAP_INSERTION_FAILED",
            title: "Connection tracking table full",
            policyDrop: false,
            severity: "warning",
          }),
    );
    fakeApi({ "/api/drops": json(dropsAnswer(groups)), "/api/status": json(statusResponse()) });
    renderWithQueries(<DropsView />);
    await screen.findByRole("link", { name: "shop" });
    const list = screen.getByTestId("drop-groups");
    const [shop, blog] = within(list)
      .getAllByRole("listitem")
      .filter((item) => item.parentElement === list);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("3 dropped flows in the last 15m");
    expect(within(shop!).getByRole("link", { name: "shop" }).getAttribute("href")).toBe(
      "/?ns=shop&node=ns%3Ashop&window=15m",
    );
    expect(within(shop!).getByTestId("drop-count").textContent).toBe("2 dropped");
    expect(shop!.textContent).toContain("last 1 min ago");
    expect(within(shop!).getByTestId("drop-class-title").textContent).toBe("Access label missing: postgres");
    expect(within(shop!).getByRole("button", { name: "Why? and Fix" })).toBeTruthy();
    expect(within(shop!).getByText("Recent flows (2)")).toBeTruthy();
    expect(within(blog!).getByText("not a policy drop")).toBeTruthy();
    expect(within(blog!).queryByRole("button", { name: "Why? and Fix" })).toBeNull();
    expect(screen.queryByText("No drops in the last 15m.")).toBeNull();
  });

  it("renders a hostile namespace name as text and encodes it in the link", async () => {
    const groups = groupDrops([drop("x", MINUTE, HOSTILE_TEXT)], () =>
      classification({ namespace: HOSTILE_TEXT }),
    );
    fakeApi({ "/api/drops": json(dropsAnswer(groups)), "/api/status": json(statusResponse()) });
    const { container } = renderWithQueries(<DropsView />);
    const link = await screen.findByRole("link", { name: HOSTILE_TEXT });
    expect(link.getAttribute("href")).toBe(
      `/?ns=${encodeURIComponent(HOSTILE_TEXT)}&node=${encodeURIComponent(`ns:${HOSTILE_TEXT}`)}&window=15m`,
    );
    expectNoInjectedMarkup(container);
  });

  it("narrows the drops to ?namespace=&port=, says so, and keeps the filter in its window links", async () => {
    page.search = "namespace=mealie&port=5432&window=15m";
    const groups = groupDrops([drop("a", MINUTE, "mealie")], () => classification({ namespace: "mealie" }));
    const api = fakeApi({ "/api/drops": json(dropsAnswer(groups)), "/api/status": json(statusResponse()) });
    renderWithQueries(<DropsView />);
    await screen.findByRole("link", { name: "mealie" });
    expect(api.asked.filter((line) => line.includes("/api/drops"))).toEqual([
      "GET /api/drops?window=15m&namespace=mealie&port=5432",
    ]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "1 dropped flows from or to mealie on port 5432 in the last 15m",
    );
    expect(screen.getByTestId("drops-filter").textContent).toBe(
      "Only drops from or to mealie on port 5432. Show all drops",
    );
    expect(screen.getByRole("link", { name: "Show all drops" }).getAttribute("href")).toBe(
      "/drops?window=15m",
    );
    const windows = screen.getByRole("navigation", { name: "Time window" });
    expect(within(windows).getByRole("link", { name: "last 1h" }).getAttribute("href")).toBe(
      "/drops?namespace=mealie&port=5432&window=1h",
    );
  });

  it("says no drops match the filter only for the filter", async () => {
    page.search = "namespace=mealie&window=15m";
    fakeApi({ "/api/drops": json(dropsAnswer([])), "/api/status": json(statusResponse()) });
    renderWithQueries(<DropsView />);
    expect(await screen.findByText("No drops from or to mealie in the last 15m.")).toBeTruthy();
  });

  it("refuses a bad namespace or port with the reason, instead of showing every drop", async () => {
    page.search = "namespace=Mealie&port=http&window=15m";
    const groups = groupDrops([drop("a", MINUTE, "shop")], () => classification());
    const api = fakeApi({ "/api/drops": json(dropsAnswer(groups)), "/api/status": json(statusResponse()) });
    renderWithQueries(<DropsView />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      'No drops shown: namespace: "Mealie" is not a namespace name; port: "http" is not a port from 1 to 65535. Show all drops',
    );
    expect(api.asked.filter((line) => line.includes("/api/drops"))).toEqual([]);
    expect(screen.queryByRole("link", { name: "shop" })).toBeNull();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("… dropped flows in the last 15m");
  });
});
