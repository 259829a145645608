import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { WhatIfResponse } from "@/lib/api/responses";
import { WhatIfView } from "./WhatIfView";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { page } from "./testing/navigation-stub";
import { renderWithQueries } from "./testing/render-with-queries";
import { FIXED_NOW } from "./testing/status-fixtures";
import { EMPTY_BRANCH_IMPACT } from "./testing/what-if-fixtures";

vi.mock("next/navigation", () => import("./testing/navigation-stub"));

const BRANCHES = { baseBranch: "main", branches: ["main", "tighten-batch", "open-shop"] };
const REPORT: WhatIfResponse = {
  now: FIXED_NOW,
  ref: "refs/heads/tighten-batch",
  commit: "0123456789abcdef",
  baseBranch: "main",
  windowMs: 3_600_000,
  renderer: "kustomize",
  report: EMPTY_BRANCH_IMPACT,
};

describe("WhatIfView", () => {
  it("reads the branches before offering them, and computes nothing until one is picked", () => {
    const api = fakeApi({ "/api/what-if/branches": pending, "/api/what-if": pending });
    renderWithQueries(<WhatIfView selected={null} />);
    const select = screen.getByRole("combobox", { name: "Branch" });
    expect(select.hasAttribute("disabled")).toBe(true);
    expect(within(select).getByRole("option").textContent).toBe("reading the branches…");
    expect(api.asked).toEqual(["GET /api/what-if/branches"]);
  });

  it("offers every branch but the base one, and puts the one picked in the URL", async () => {
    page.pathname = "/what-if";
    fakeApi({ "/api/what-if/branches": json(BRANCHES), "/api/what-if": pending });
    renderWithQueries(<WhatIfView selected={null} />);
    await screen.findByRole("option", { name: "pick a branch…" });
    const options = screen.getAllByRole("option").slice(1);
    expect(options.map((o) => o.textContent)).toEqual(["tighten-batch", "open-shop"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Branch" }), { target: { value: "open-shop" } });
    expect(page.replace).toHaveBeenCalledWith("/what-if?ref=open-shop");
  });

  it("says it is rendering the branch, then shows its report", async () => {
    const api = fakeApi({ "/api/what-if/branches": json(BRANCHES), "/api/what-if": json(REPORT) });
    renderWithQueries(<WhatIfView selected="tighten-batch" />);
    expect(screen.getByText("Reading and rendering tighten-batch…")).toBeTruthy();
    expect(await screen.findByTestId("what-if-report")).toBeTruthy();
    expect(api.asked).toContain("GET /api/what-if?ref=tighten-batch");
  });

  it("says why the branches or the report could not be read", async () => {
    fakeApi({
      "/api/what-if/branches": apiError("unavailable", "no GitOps repository configured"),
      "/api/what-if": apiError("not_found", "no branch gone-branch"),
    });
    renderWithQueries(<WhatIfView selected="gone-branch" />);
    await vi.waitFor(() =>
      expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
        "no GitOps repository configured",
        "no branch gone-branch",
      ]),
    );
  });
});
