import { act, fireEvent, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PostureOverview } from "./PostureOverview";
import { page } from "./testing/navigation-stub";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { postureAnswer } from "./testing/posture-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";
import { MINUTE, FIXED_NOW } from "./testing/status-fixtures";

// The page's URL, as Next's router gives it to the component: the one framework boundary stubbed.
vi.mock("next/navigation", () => import("./testing/navigation-stub"));

const rowOf = (name: string) => {
  const row = screen.getByTestId("posture-table").querySelector(`tr[data-namespace="${CSS.escape(name)}"]`);
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${name}`);
  return row;
};
const cell = (name: string, column: string) => {
  const found = rowOf(name).querySelector(`[data-column="${column}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`no ${column} cell for ${name}`);
  return found;
};

beforeEach(() => {
  page.pathname = "/namespaces";
});

describe("PostureOverview", () => {
  it("says the posture is being computed while it loads", () => {
    fakeApi({ "/api/posture": pending });
    renderWithQueries(<PostureOverview />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Namespace policy posture ");
    expect(screen.getByText("Computing posture…")).toBeTruthy();
  });

  it("says why the posture could not be loaded", async () => {
    fakeApi({ "/api/posture": apiError("unavailable", "Kubernetes API not synced") });
    renderWithQueries(<PostureOverview />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load the posture: Kubernetes API not synced",
    );
    expect(screen.queryByTestId("posture-table")).toBeNull();
  });

  it("lists every namespace with its kind, profile, access labels, enforcement, status and flows", async () => {
    const answer = postureAnswer();
    fakeApi({ "/api/posture": json(answer) });
    renderWithQueries(<PostureOverview />);
    await screen.findByTestId("posture-table");
    const total = answer.posture.namespaces.length;
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      `Namespace policy posture (${total} of ${total})`,
    );
    expect(within(rowOf("shop")).getByRole("link", { name: "shop" }).getAttribute("href")).toBe(
      "/namespaces/shop",
    );
    expect(cell("shop", "profile").textContent).toContain("standard: ingress internal + external gateway");
    expect(cell("shop", "access").textContent).toBe("postgres");
    expect(cell("batch", "access").textContent).toBe("none");
    expect(cell("shop", "flows").textContent).toBe("120 forwarded3 dropped");
    expect(cell("batch", "flows").textContent).toBe("7 forwarded0 dropped2 audit (would be dropped)");
    expect(cell("hatch", "enforcement").textContent).toContain("disabled");
    expect(within(cell("hatch", "enforcement")).getByTestId("reenable-short").textContent).toBe(
      "re-enable would drop 14 flows of 3 kinds",
    );
    expect(cell("shop", "enforcement").textContent).toBe("enforced");
    expect(cell("scratch", "findings").textContent).toContain("no profile policy selects that value");
  });

  it("renders a hostile profile label as text", async () => {
    fakeApi({ "/api/posture": json(postureAnswer()) });
    const { container } = renderWithQueries(<PostureOverview />);
    await screen.findByTestId("posture-table");
    expect(cell("scratch", "profile").textContent).toContain(HOSTILE_TEXT);
    expectNoInjectedMarkup(container);
  });

  it("shows the rows the URL's filters select, and sorts through the URL", async () => {
    page.search = "kind=platform&sort=name";
    const answer = postureAnswer();
    fakeApi({ "/api/posture": json(answer) });
    renderWithQueries(<PostureOverview />);
    await screen.findByTestId("posture-table");
    const shown = [...screen.getByTestId("posture-table").querySelectorAll("tbody tr")].map(
      (row) => (row as HTMLElement).dataset.namespace,
    );
    const platform = answer.posture.namespaces.filter((n) => n.kind === "platform").map((n) => n.name);
    expect(shown).toEqual([...platform].sort());
    fireEvent.click(screen.getByRole("button", { name: /^Namespace/ }));
    expect(page.replace).toHaveBeenCalledWith("/namespaces?kind=platform&sort=name&desc=1", {
      scroll: false,
    });
  });

  it("marks every namespace unknown when the data it rests on is stale", async () => {
    const since = FIXED_NOW - 3 * MINUTE;
    const reason = "Kubernetes API unreachable";
    const unknown = [
      {
        kind: "ciliumnetworkpolicies",
        what: "CiliumNetworkPolicies",
        state: "unavailable",
        since,
        lastAliveAt: since,
        reason,
      },
    ] as const;
    fakeApi({ "/api/posture": json(postureAnswer({ unknown: [...unknown] })) });
    renderWithQueries(<PostureOverview />);
    await screen.findByTestId("posture-table");
    const statuses = [...screen.getByTestId("posture-table").querySelectorAll('[data-column="status"]')];
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.map((c) => c.textContent)).toEqual(statuses.map(() => "unknown"));
  });

  it("keeps the last answer on screen, and says so, when a refresh fails", async () => {
    const api = fakeApi({ "/api/posture": json(postureAnswer()) });
    const { client } = renderWithQueries(<PostureOverview />);
    await screen.findByTestId("posture-table");
    api.answer("/api/posture", apiError("internal_error", "evaluator crashed"));
    await act(() => client.refetchQueries());
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load the posture: evaluator crashed (showing the last answer)",
    );
    expect(rowOf("shop")).toBeTruthy();
  });
});
