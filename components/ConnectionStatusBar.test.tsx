import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionStatusBar } from "./ConnectionStatusBar";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { renderWithQueries } from "./testing/render-with-queries";
import {
  hubbleView,
  kubernetesView,
  MINUTE,
  FIXED_NOW,
  relaySourceHealth,
  statusResponse,
} from "./testing/status-fixtures";

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("ConnectionStatusBar", () => {
  it("says it is checking while the status has not answered", () => {
    fakeApi({ "/api/status": pending });
    renderWithQueries(<ConnectionStatusBar />);
    expect(screen.getByText("Checking connections…")).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Connections" })).toBeNull();
  });

  it("says Sieve's server is not answering, with its message, when the status fails", async () => {
    fakeApi({ "/api/status": apiError("internal_error", "cluster cache crashed") });
    renderWithQueries(<ConnectionStatusBar />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Sieve's server is not answering: cluster cache crashed");
  });

  it("shows both connections in sync, with the age of their last update, and no notice", async () => {
    fakeApi({ "/api/status": json(statusResponse()) });
    renderWithQueries(<ConnectionStatusBar />);
    const kubernetes = await screen.findByTestId("kubernetes-status");
    expect(kubernetes.textContent).toBe("Kubernetes API: in sync5 kinds watched · last update 2 s ago");
    expect(screen.getByTestId("hubble-status").textContent).toContain("Hubble Relay: in sync");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("shows a stale Kubernetes API since when, and that what is shown is last-known data", async () => {
    fakeApi({
      "/api/status": json(
        statusResponse({
          kubernetes: kubernetesView({
            health: "stale",
            message: "connection refused",
            lastGoodAt: FIXED_NOW - 3 * MINUTE,
            knowledge: {
              unknown: [
                {
                  kind: "pods",
                  what: "Pods",
                  state: "unavailable",
                  since: FIXED_NOW - 3 * MINUTE,
                  lastAliveAt: FIXED_NOW - 4 * MINUTE,
                  reason: "Kubernetes API unreachable",
                },
              ],
            },
          }),
        }),
      ),
    });
    renderWithQueries(<ConnectionStatusBar />);
    const pill = await screen.findByTestId("kubernetes-status");
    expect(pill.dataset.health).toBe("stale");
    expect(pill.textContent).toContain("Kubernetes API: stale since 3 min ago");
    expect(screen.getByTestId("kubernetes-unknown").textContent).toContain(
      "unknown — Kubernetes API unreachable since 3 min ago (Pods). Last-known data shown, stale: from 4 min ago.",
    );
  });

  it("says flows are unavailable since when while the relay is down, and where the stream broke", async () => {
    fakeApi({
      "/api/status": json(
        statusResponse({
          hubble: hubbleView({
            health: "stale",
            message: "relay unreachable",
            lastGoodAt: FIXED_NOW - 10 * MINUTE,
            reconnects: 2,
            gaps: [{ from: FIXED_NOW - 30 * MINUTE, to: FIXED_NOW - 20 * MINUTE }],
            source: relaySourceHealth({
              state: "unavailable",
              since: FIXED_NOW - 10 * MINUTE,
              message: "connect ECONNREFUSED",
            }),
          }),
        }),
      ),
    });
    renderWithQueries(<ConnectionStatusBar />);
    const notice = await screen.findByTestId("flows-unavailable");
    expect(notice.textContent).toBe(
      "Flows unavailable since 10 min ago (connect ECONNREFUSED); drops after that are unknown.",
    );
    expect(screen.getByTestId("flow-gaps").textContent).toBe(
      "The flow stream broke 2 time(s); flows may be missing from 30 min ago to 20 min ago.",
    );
  });

  it("lists configuration problems as text, markup in them included", async () => {
    const line = `SIEVE_GITOPS_REPO "${HOSTILE_TEXT}" is not a URL`;
    fakeApi({ "/api/status": json(statusResponse({ configErrors: [line] })) });
    const { container } = renderWithQueries(<ConnectionStatusBar />);
    const problems = await screen.findByTestId("config-errors");
    expect(within(problems).getByRole("listitem").textContent).toBe(line);
    expectNoInjectedMarkup(container);
  });
});
