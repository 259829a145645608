import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PlatformChecksList } from "./PlatformChecksList";
import { namespacePostureAnswer } from "./testing/posture-fixtures";

// The checks the real posture code makes of the homelab test cluster's namespaces.

const checksOf = (name: string) => namespacePostureAnswer(name).posture.platformChecks;

const items = () => within(screen.getByTestId("platform-checks")).queryAllByRole("listitem");

describe("PlatformChecksList", () => {
  it("shows each check of a platform namespace with its status and what it found", () => {
    const checks = checksOf("database");
    expect(checks.length).toBeGreaterThan(0);
    render(<PlatformChecksList checks={checks} />);
    expect(items().map((li) => li.textContent)).toEqual(
      checks.map((c) => `${c.title}: ${c.status}${c.required ? "" : " (not required here)"}${c.message}`),
    );
    expect(items().map((li) => li.dataset.status)).toEqual(checks.map((c) => c.status));
  });

  it("says which checks are not required of an application namespace", () => {
    const checks = checksOf("shop");
    render(<PlatformChecksList checks={checks} />);
    const optional = checks.filter((c) => !c.required);
    expect(optional.length).toBeGreaterThan(0);
    for (const check of optional) {
      const item = items().find((li) => li.dataset.check === check.id)!;
      expect(item.textContent).toContain("(not required here)");
    }
  });

  it("shows an empty list when there is nothing to check", () => {
    render(<PlatformChecksList checks={[]} />);
    expect(items()).toEqual([]);
  });
});
