import { act, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NamespacePostureView } from "./NamespacePostureView";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { page } from "./testing/navigation-stub";
import { namespacePostureAnswer } from "./testing/posture-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";
import { CNPS_UNAVAILABLE } from "./testing/status-fixtures";

vi.mock("next/navigation", () => import("./testing/navigation-stub"));

beforeEach(() => {
  page.pathname = "/namespaces/shop";
  page.search = "";
});

// The cards that load their own data (drops, connectivity) have their own tests: here they wait.
function api(posture: FakeAnswer) {
  return fakeApi({
    "/api/posture/shop": posture,
    "/api/posture/scratch": posture,
    "/api/drops": pending,
    "/api/status": pending,
    "/api/namespaces/shop/checklist": pending,
    "/api/namespaces/scratch/checklist": pending,
  });
}

const card = (title: string) => {
  const section = screen.getByRole("heading", { level: 2, name: title }).parentElement;
  if (!section) throw new Error(`no card ${title}`);
  return section;
};

describe("NamespacePostureView", () => {
  it("says the posture is being computed while it loads", () => {
    api(pending);
    renderWithQueries(<NamespacePostureView name="shop" />);
    expect(screen.getByText("Computing posture…")).toBeTruthy();
  });

  it("says why the namespace's posture could not be loaded", async () => {
    api(apiError("not_found", "no namespace shop"));
    renderWithQueries(<NamespacePostureView name="shop" />);
    expect((await screen.findByRole("alert")).textContent).toBe("no namespace shop");
  });

  it("shows the namespace's status, findings, profile, access labels and what selects it", async () => {
    api(json(namespacePostureAnswer("shop")));
    renderWithQueries(<NamespacePostureView name="shop" />);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("shop");
    expect(screen.getByRole("article", { name: "Posture of shop" })).toBeTruthy();
    expect(within(card("Findings")).getByText("Nothing missing or dangerous.")).toBeTruthy();
    expect(card("Profile").textContent).toContain(
      "standard: ingress internal + external gateway; egress DNS + HTTPS",
    );
    expect(within(card("Access labels")).getByRole("listitem").textContent).toBe(
      "access.network-policy.homelab/postgres: egress to PostgreSQL in namespace database on 5432/TCP",
    );
    const policies = card("Policies that select shop");
    expect(
      within(policies)
        .getAllByRole("heading", { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(["Baselines (cluster-wide)", "Profile", "Access labels"]);
    expect(policies.textContent).toContain("egress to all pods in database on 5432/TCP");
    expect(card("Pods").textContent).toBe("Pods1 running pod(s)");
    expect(screen.queryByTestId("namespace-unknown")).toBeNull();
  });

  it("links to the drops view narrowed to the namespace, over the same window", async () => {
    api(json(namespacePostureAnswer("shop")));
    renderWithQueries(<NamespacePostureView name="shop" />);
    const link = await screen.findByRole("link", { name: "Drops from or to shop" });
    // The configured default window is left out of the address, as every view's links do.
    expect(link.getAttribute("href")).toBe("/drops?namespace=shop");
  });

  it("says the findings are unknown and the data last-known while the cluster's data is stale", async () => {
    const stale = namespacePostureAnswer("shop", CNPS_UNAVAILABLE);
    api(json(stale));
    renderWithQueries(<NamespacePostureView name="shop" />);
    const notice = await screen.findByTestId("namespace-unknown");
    expect(notice.textContent).toBe(
      `${stale.posture.unknown}: findings are not drawn; what is shown is last-known data.`,
    );
    expect(notice.textContent).toContain("Kubernetes API unreachable");
    expect(within(card("Findings")).getByText("unknown")).toBeTruthy();
    expect(screen.queryByText("Nothing missing or dangerous.")).toBeNull();
  });

  it("keeps the last answer when a refresh fails, and says so", async () => {
    const fake = api(json(namespacePostureAnswer("shop")));
    const { client } = renderWithQueries(<NamespacePostureView name="shop" />);
    await screen.findByRole("heading", { level: 1 });
    fake.answer("/api/posture/shop", apiError("bad_gateway", "Kubernetes API answered 502"));
    await act(() => client.refetchQueries({ queryKey: ["posture", "shop"] }));
    expect((await screen.findByText(/^Refresh failed/)).textContent).toBe(
      "Refresh failed (Kubernetes API answered 502); showing the last answer.",
    );
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("shop");
  });

  it("renders a hostile profile label and finding as text", async () => {
    api(json(namespacePostureAnswer("scratch")));
    const { container } = renderWithQueries(<NamespacePostureView name="scratch" />);
    await screen.findByRole("heading", { level: 1 });
    expect(card("Profile").textContent).toContain(`${HOSTILE_TEXT}: unknown profile, grants nothing`);
    expect(card("Findings").textContent).toContain(`profile="${HOSTILE_TEXT}"`);
    expectNoInjectedMarkup(container);
  });
});
