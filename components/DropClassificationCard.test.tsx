import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { homelab } from "@/lib/posture/testing/homelab";
import { DropClassificationCard } from "./DropClassificationCard";
import { capturedEntries } from "./testing/captured-flows";
import { BATCH_DROP } from "./testing/fix-fixtures";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

// Drops classified by the real drop table against the homelab test cluster.

const view = pipelineView(homelab());
const classify = (flow: typeof BATCH_DROP) => classifyDrop(flow, view.facts, view.conventions);

/** The capture's drop for an invalid source address: no policy's doing. */
function invalidSource() {
  const entry = capturedEntries().find((e) => e.flow.drop_reason_desc === "INVALID_SOURCE_IP");
  if (!entry) throw new Error("the capture's INVALID_SOURCE_IP drop is missing");
  return flowFromHubbleJson(entry.flow);
}

describe("DropClassificationCard", () => {
  it("says what a policy drop is, its likely cause, its fix and what to check", () => {
    const drop = classify(BATCH_DROP);
    expect(drop.policyDrop).toBe(true);
    render(<DropClassificationCard classification={drop} />);
    expect(screen.getByTestId("drop-class-title").textContent).toBe(drop.title);
    expect(screen.getByText("Likely cause:").parentElement?.textContent).toBe(`Likely cause: ${drop.cause}`);
    expect(screen.getByTestId("drop-fix").textContent).toBe(`Fix: ${drop.fix}`);
    expect(screen.queryByText("not a policy drop")).toBeNull();
    const commands = screen.getByText("Commands to check").parentElement!;
    expect(
      within(commands)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(drop.commands);
    const looked = screen.getByText("What Sieve looked at").parentElement!;
    expect(
      within(looked)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(drop.details);
  });

  it("says when a drop is not a policy's doing", () => {
    const drop = classify(invalidSource());
    expect(drop.policyDrop).toBe(false);
    render(<DropClassificationCard classification={drop} />);
    expect(screen.getByText("not a policy drop")).toBeTruthy();
    expect(screen.getByTestId("drop-classification").dataset.class).toBe(drop.classId);
  });

  it("renders hostile names in its sentences as text", () => {
    const drop = { ...classify(BATCH_DROP), cause: HOSTILE_TEXT, commands: [HOSTILE_TEXT] };
    const { container } = render(<DropClassificationCard classification={drop} />);
    expect(screen.getByText("Likely cause:").parentElement?.textContent).toBe(
      `Likely cause: ${HOSTILE_TEXT}`,
    );
    expectNoInjectedMarkup(container);
  });
});
