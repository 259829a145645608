import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { clusterPostureIn } from "@/lib/posture/cluster-posture";
import { buildPostureContext } from "@/lib/posture/posture-context";
import { homelab } from "@/lib/posture/testing/homelab";
import { ClusterPostureSummary } from "./ClusterPostureSummary";
import { postureAnswer } from "./testing/posture-fixtures";
import { CNPS_UNAVAILABLE, FIXED_NOW } from "./testing/status-fixtures";

// The cluster-level summary of postures computed by the real posture code.

const countOf = (status: string) =>
  screen.getByTestId("posture-counts").querySelector(`[data-status="${status}"] dd`)?.textContent;

describe("ClusterPostureSummary", () => {
  it("counts the namespaces by kind and status, and says what is enforced cluster-wide", () => {
    const posture = postureAnswer().posture;
    render(<ClusterPostureSummary posture={posture} />);
    const { counts } = posture;
    expect(screen.getByTestId("posture-counts").querySelector("div")?.textContent).toBe(
      `Namespaces${counts.namespaces}${counts.byKind.application} application · ${counts.byKind.platform} platform`,
    );
    for (const status of ["critical", "warning", "info", "ok"] as const)
      expect(countOf(status)).toBe(String(counts.byStatus[status]));
    expect(screen.getByTestId("cni-check").textContent).toBe(`✓ ${posture.cni.message}`);
    const checks = within(screen.getByRole("list", { name: "Cluster checks" }));
    expect(checks.getByText(/enforcement disabled in/).textContent).toBe(
      `⚠ enforcement disabled in ${counts.byEnforcement.disabled} namespace(s)`,
    );
    expect(counts.byEnforcement.disabled).toBeGreaterThan(0);
    expect(
      screen.getByTestId("posture-counts").parentElement?.querySelector('[data-baseline="dns"]')?.textContent,
    ).toMatch(/^✓ dns baseline present/);
    expect(screen.queryByTestId("cni-inert")).toBeNull();
  });

  it("says every policy is inert without an enforcing CNI", () => {
    const context = buildPostureContext(homelab({ withoutCilium: true }), DEFAULT_CONVENTIONS);
    const posture = clusterPostureIn(context, FIXED_NOW);
    render(<ClusterPostureSummary posture={posture} />);
    expect(screen.getByRole("alert").textContent).toBe(
      `No enforcing CNI: every policy below is inert and all traffic flows.${posture.cni.message}`,
    );
    expect(screen.getByTestId("cni-check").textContent).toBe(`✗ ${posture.cni.message}`);
  });

  it("draws no status counts while the data they rest on is not known current", () => {
    const posture = postureAnswer(CNPS_UNAVAILABLE).posture;
    render(<ClusterPostureSummary posture={posture} />);
    expect(screen.getByTestId("posture-counts").querySelectorAll("[data-status]")).toHaveLength(0);
    expect(screen.getByText(/Kubernetes API unreachable/)).toBeTruthy();
  });
});
