import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { ns } from "@/lib/policy/testing/builders";
import { enforcementPosture } from "@/lib/posture/enforcement";
import { EnforcementCard } from "./EnforcementCard";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { FIXED_NOW } from "./testing/status-fixtures";

// The card for each state the real posture code gives a namespace.

const KEY = DEFAULT_CONVENTIONS.enforcementLabel;
const DAY = 24 * 60 * 60_000;

/** A namespace whose escape hatch a person opened with kubectl `ago` before FIXED_NOW. */
function openedAgo(ago: number, name = "hatch") {
  return ns(
    name,
    { [KEY]: DEFAULT_CONVENTIONS.enforcementDisabledValue },
    {
      managedFields: [
        {
          manager: "kubectl-label",
          operation: "Update",
          time: new Date(FIXED_NOW - ago).toISOString(),
          fieldsType: "FieldsV1",
          fieldsV1: { "f:metadata": { "f:labels": { [`f:${KEY}`]: {} } } },
        },
      ],
    },
  );
}

const card = () => screen.getByTestId("enforcement");

describe("EnforcementCard", () => {
  it("says the policies apply when enforced", () => {
    render(<EnforcementCard enforcement={enforcementPosture(ns("shop"), DEFAULT_CONVENTIONS, FIXED_NOW)} />);
    expect(card().textContent).toBe("Enforced: the namespace's policies apply.");
  });

  it("raises the alarm for a namespace no policy selects", () => {
    const posture = enforcementPosture(ns("shop"), DEFAULT_CONVENTIONS, FIXED_NOW, false);
    render(<EnforcementCard enforcement={posture} />);
    expect(card().textContent).toBe(
      `Wide open: no policy selects it, so all its traffic is let through.${posture.summary}`,
    );
    expect(screen.queryByText(/Re-enable/)).toBeNull();
  });

  it("says since when the escape hatch is open, the alert that fires, and how to close it", () => {
    const posture = enforcementPosture(openedAgo(3 * DAY), DEFAULT_CONVENTIONS, FIXED_NOW);
    if (!posture.alert || !posture.reenableCommand) throw new Error("three days open fires an alert");
    render(<EnforcementCard enforcement={posture} />);
    expect(card().querySelector("p")?.textContent).toBe(
      "Enforcement disabled: all traffic of this namespace is let through.",
    );
    expect(screen.getByTestId("enforcement-since").textContent).toBe(posture.summary);
    expect(screen.getByTestId("enforcement-alert").textContent).toBe(
      `${posture.alert.severity}${posture.alert.name} is firing`,
    );
    expect(screen.getByText(posture.reenableCommand, { selector: "code" })).toBeTruthy();
    expect(screen.getByText(DEFAULT_CONVENTIONS.escapeHatchRunbook, { selector: "code" })).toBeTruthy();
  });

  it("fires no alert while the escape hatch is recent", () => {
    render(
      <EnforcementCard enforcement={enforcementPosture(openedAgo(60_000), DEFAULT_CONVENTIONS, FIXED_NOW)} />,
    );
    expect(card().dataset.state).toBe("disabled");
    expect(screen.queryByTestId("enforcement-alert")).toBeNull();
  });

  it("renders a hostile summary as text", () => {
    const posture = enforcementPosture(openedAgo(3 * DAY), DEFAULT_CONVENTIONS, FIXED_NOW);
    const { container } = render(<EnforcementCard enforcement={{ ...posture, summary: HOSTILE_TEXT }} />);
    expect(screen.getByTestId("enforcement-since").textContent).toBe(HOSTILE_TEXT);
    expectNoInjectedMarkup(container);
  });
});
