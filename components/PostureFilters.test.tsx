import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_POSTURE_TABLE_STATE, type PostureTableState } from "@/lib/posture/posture-table";
import { PostureFilters } from "./PostureFilters";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { postureAnswer } from "./testing/posture-fixtures";

// The filters over the homelab test cluster's posture, computed by the real posture code.

const posture = postureAnswer().posture;

function show(state: PostureTableState = DEFAULT_POSTURE_TABLE_STATE) {
  const onChange = vi.fn<(next: PostureTableState) => void>();
  const rendered = render(<PostureFilters posture={posture} state={state} onChange={onChange} />);
  return { onChange, ...rendered };
}

const optionsOf = (label: string) =>
  within(screen.getByRole("combobox", { name: label }))
    .getAllByRole("option")
    .map((option) => option.textContent);

describe("PostureFilters", () => {
  it("offers only what the cluster has: its profiles, access labels and findings", () => {
    show();
    const profiles = [...new Set(posture.namespaces.map((n) => n.profile.name ?? "(none)"))].sort();
    expect(optionsOf("Profile")).toEqual(["any", ...profiles]);
    expect(optionsOf("Profile")).toContain(HOSTILE_TEXT);
    expect(optionsOf("Access")).toEqual([
      "any",
      ...[...new Set(posture.namespaces.flatMap((n) => n.accessLabels.map((a) => a.name)))].sort(),
    ]);
    expect(optionsOf("Access")).toContain("postgres");
    const findings = [...new Set(posture.namespaces.flatMap((n) => n.findings.map((f) => f.code)))].sort();
    expect(findings.length).toBeGreaterThan(0);
    expect(optionsOf("Finding")).toEqual(["any", ...findings]);
    expect(optionsOf("Enforcement")).toEqual([
      "any",
      "enforced",
      "disabled (escape hatch)",
      "wide open (no policy selects it)",
    ]);
  });

  it("shows the state it is given", () => {
    show({ ...DEFAULT_POSTURE_TABLE_STATE, kind: "platform", search: "sho", enforcement: "disabled" });
    expect((screen.getByRole("combobox", { name: "Kind" }) as HTMLSelectElement).value).toBe("platform");
    expect((screen.getByRole("searchbox", { name: "Search namespaces" }) as HTMLInputElement).value).toBe(
      "sho",
    );
    expect((screen.getByRole("combobox", { name: "Enforcement" }) as HTMLSelectElement).value).toBe(
      "disabled",
    );
  });

  it("changes one filter at a time, and 'any' clears it", () => {
    const state = { ...DEFAULT_POSTURE_TABLE_STATE, kind: "platform" as const };
    const { onChange } = show(state);
    fireEvent.change(screen.getByRole("combobox", { name: "Profile" }), { target: { value: "standard" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...state, profile: "standard" });
    fireEvent.change(screen.getByRole("combobox", { name: "Kind" }), { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...state, kind: null });
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "critical" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...state, status: "critical" });
  });

  it("searches by what is typed, no longer than a namespace name", () => {
    const { onChange } = show();
    fireEvent.change(screen.getByRole("searchbox", { name: "Search namespaces" }), {
      target: { value: "x".repeat(80) },
    });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_POSTURE_TABLE_STATE, search: "x".repeat(63) });
  });

  it("renders a hostile profile as an option's text", () => {
    const { container } = show();
    expect(screen.getByRole("option", { name: HOSTILE_TEXT })).toBeTruthy();
    expectNoInjectedMarkup(container);
  });
});
