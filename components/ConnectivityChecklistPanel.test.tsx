import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectivityCheck, ConnectivityChecklist } from "@/lib/drops/connectivity-checklist";
import { ConnectivityChecklistPanel } from "./ConnectivityChecklistPanel";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { renderWithQueries } from "./testing/render-with-queries";
import { hubbleView, MINUTE, FIXED_NOW, relaySourceHealth, statusResponse } from "./testing/status-fixtures";

const WINDOW = 5 * MINUTE;

function check(
  overrides: Partial<ConnectivityCheck> & Pick<ConnectivityCheck, "id" | "status">,
): ConnectivityCheck {
  return {
    label: overrides.id,
    forwarded: 0,
    dropped: 0,
    audited: 0,
    lastSeen: null,
    lastDropAt: null,
    recoveredSince: null,
    edgeIds: [],
    command: `hubble observe --namespace shop --${overrides.id}`,
    ...overrides,
  };
}

const CHECKLIST: ConnectivityChecklist = {
  namespace: "shop",
  windowMs: WINDOW,
  checks: [
    check({ id: "dns", label: "DNS to kube-dns", status: "ok", forwarded: 40, lastSeen: FIXED_NOW - 5_000 }),
    check({
      id: "database",
      label: "Database",
      status: "dropped",
      dropped: 3,
      audited: 1,
      lastSeen: FIXED_NOW - MINUTE,
      lastDropAt: FIXED_NOW - 2 * MINUTE,
    }),
    check({ id: "internet", label: "Internet", status: "no-traffic" }),
  ],
};

function shown(status: FakeAnswer, checklist: FakeAnswer = json(CHECKLIST)) {
  fakeApi({ "/api/namespaces/shop/checklist": checklist, "/api/status": status });
  renderWithQueries(<ConnectivityChecklistPanel namespace="shop" windowMs={WINDOW} />);
}
const badge = (id: string) =>
  screen.getByTestId("connectivity-checklist").querySelector(`[data-check="${id}"] span span:last-child`)
    ?.textContent;

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("ConnectivityChecklistPanel", () => {
  it("says it is checking while the checklist loads", () => {
    shown(pending, pending);
    expect(screen.getByText("Checking connectivity…")).toBeTruthy();
  });

  it("says why the checklist is unavailable", async () => {
    shown(json(statusResponse()), apiError("unavailable", "no flows yet"));
    expect(await screen.findByText("Checklist unavailable: no flows yet")).toBeTruthy();
  });

  it("shows each check ok, dropped with its counts and last drop, or unseen, with its command", async () => {
    shown(json(statusResponse()));
    await vi.waitFor(() => expect(badge("dns")).toBe("ok"));
    expect(badge("database")).toBe("dropped ×3 (1 audit, would be dropped)");
    expect(badge("internet")).toBe("no traffic seen");
    const database = screen.getByTestId("connectivity-checklist").querySelector('[data-check="database"]');
    expect(database?.textContent).toContain("last drop 2 min ago");
    expect(screen.getByText("hubble observe --namespace shop --dns")).toBeTruthy();
  });

  it("says ok and unseen are unknown while the relay is down, but keeps the drops it saw", async () => {
    const down = hubbleView({
      source: relaySourceHealth({ state: "unavailable", since: FIXED_NOW - MINUTE, message: "EOF" }),
    });
    shown(json(statusResponse({ hubble: down })));
    expect((await screen.findByTestId("flows-unavailable")).textContent).toContain(
      "Flows unavailable since 1 min ago",
    );
    expect(badge("dns")).toBe("unknown");
    expect(badge("internet")).toBe("unknown");
    expect(badge("database")).toBe("dropped ×3 (1 audit, would be dropped)");
  });

  it("shows a check's recovery as the server decided it, the same rule as the graph's edges", async () => {
    const afterGap: ConnectivityChecklist = {
      ...CHECKLIST,
      checks: [
        check({
          id: "database",
          label: "Database",
          status: "recovery-unknown",
          dropped: 3,
          forwarded: 5,
          lastDropAt: FIXED_NOW - 3 * MINUTE,
        }),
        check({
          id: "internet",
          label: "Internet",
          status: "recovered",
          dropped: 2,
          forwarded: 4,
          recoveredSince: FIXED_NOW - 4 * MINUTE,
          lastDropAt: FIXED_NOW - 4 * MINUTE,
        }),
      ],
    };
    // The relay is back, but a gap lies inside the window: the window is not whole.
    const back = hubbleView({ gaps: [{ from: FIXED_NOW - 2 * MINUTE, to: FIXED_NOW - 90_000 }] });
    shown(json(statusResponse({ hubble: back })), json(afterGap));
    await vi.waitFor(() => expect(badge("database")).toBe("recovery unknown ×3"));
    const list = screen.getByTestId("connectivity-checklist");
    expect(list.querySelector('[data-check="database"]')?.getAttribute("data-status")).toBe("unknown");
    expect(list.querySelector('[data-check="database"] [data-testid="recovered-since"]')).toBeNull();
    // A recovery the server vouched for (no gap after its last drop) stands beside a partial window.
    expect(badge("internet")).toBe("recovered ×2");
    expect(list.querySelector('[data-check="internet"] [data-testid="recovered-since"]')).not.toBeNull();
  });
});
