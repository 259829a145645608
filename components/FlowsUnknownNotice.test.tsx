import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { hubbleView, MINUTE, FIXED_NOW, relaySourceHealth } from "./testing/status-fixtures";

const WINDOW = 15 * MINUTE;

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("FlowsUnknownNotice", () => {
  it("says flows are unavailable when no relay is configured", () => {
    render(<FlowsUnknownNotice relay={null} windowMs={WINDOW} />);
    expect(screen.getByRole("status").textContent).toBe("Flows unavailable: Hubble Relay not configured.");
  });

  it("says since when the relay is down, or since Sieve started when it never answered", () => {
    const down = relaySourceHealth({
      state: "unauthorized",
      since: FIXED_NOW - 5 * MINUTE,
      message: "401 Unauthorized",
    });
    const { rerender } = render(
      <FlowsUnknownNotice relay={hubbleView({ source: down })} windowMs={WINDOW} />,
    );
    expect(screen.getByTestId("flows-unavailable").textContent).toBe(
      "Flows unavailable since 5 min ago (401 Unauthorized); drops after that are unknown.",
    );
    const never = relaySourceHealth({
      state: "unavailable",
      since: null,
      lastAliveAt: null,
      message: "ECONNREFUSED",
    });
    rerender(<FlowsUnknownNotice relay={hubbleView({ source: never })} windowMs={WINDOW} />);
    expect(screen.getByTestId("flows-unavailable").textContent).toBe(
      "Flows unavailable since Sieve started (ECONNREFUSED); drops after that are unknown.",
    );
  });

  it("names a gap inside the window, else how far back flows are known", () => {
    const gap = { from: FIXED_NOW - 9 * MINUTE, to: FIXED_NOW - 8 * MINUTE };
    const { rerender } = render(<FlowsUnknownNotice relay={hubbleView({ gaps: [gap] })} windowMs={WINDOW} />);
    expect(screen.getByTestId("flows-partial").textContent).toBe(
      "Flows may be missing from 9 min ago to 8 min ago; only what was received is shown.",
    );
    rerender(
      <FlowsUnknownNotice relay={hubbleView({ coveredSince: FIXED_NOW - 4 * MINUTE })} windowMs={WINDOW} />,
    );
    expect(screen.getByTestId("flows-partial").textContent).toBe(
      "Flows are known only since 4 min ago, not for the whole window.",
    );
    rerender(<FlowsUnknownNotice relay={hubbleView({ coveredSince: null })} windowMs={WINDOW} />);
    expect(screen.getByTestId("flows-partial").textContent).toBe(
      "Connecting to Hubble Relay: flows not known yet.",
    );
  });
});
