import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { SiteNav } from "./SiteNav";
import { page } from "./testing/navigation-stub";
import { ViewDefaultsProvider } from "./ViewWindow";

vi.mock("next/navigation", () => import("./testing/navigation-stub"));

function show(pathname: string, search = "", defaultWindowMs = 5 * 60_000) {
  page.pathname = pathname;
  page.search = search;
  render(
    <ViewDefaultsProvider defaults={{ windowMs: defaultWindowMs }}>
      <SiteNav />
    </ViewDefaultsProvider>,
  );
  return within(screen.getByRole("navigation", { name: "Views" }));
}

const hrefs = (nav: ReturnType<typeof show>) =>
  nav.getAllByRole("link").map((link) => [link.textContent, link.getAttribute("href")]);

describe("SiteNav", () => {
  it("links every view, the current one marked", () => {
    const nav = show("/namespaces/shop");
    expect(hrefs(nav)).toEqual([
      ["Graph", "/"],
      ["Flows", "/flows"],
      ["Drops", "/drops"],
      ["Namespaces", "/namespaces"],
      ["Conventions", "/conventions"],
      ["What-if", "/what-if"],
    ]);
    expect(nav.getAllByRole("link", { current: "page" }).map((l) => l.textContent)).toEqual(["Namespaces"]);
  });

  it("marks the graph only on the home page", () => {
    expect(show("/").getByRole("link", { current: "page" }).textContent).toBe("Graph");
  });

  it("keeps the window chosen on this view in the links of the views that count flows", () => {
    const nav = show("/drops", "window=15m");
    expect(hrefs(nav)).toEqual([
      ["Graph", "/?window=15m"],
      ["Flows", "/flows?since=15m"],
      ["Drops", "/drops?window=15m"],
      ["Namespaces", "/namespaces?window=15m"],
      ["Conventions", "/conventions"],
      ["What-if", "/what-if"],
    ]);
  });

  it("carries no window the address does not name validly", () => {
    const nav = show("/", "window=banana");
    expect(nav.getByRole("link", { name: "Flows" }).getAttribute("href")).toBe("/flows");
  });
});
