import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { WhatIfResponse } from "@/lib/api/responses";
import type { BranchImpact as Report } from "@/lib/what-if/what-if";
import { WhatIfReport } from "./WhatIfReport";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { FIXED_NOW } from "./testing/status-fixtures";
import { EMPTY_BRANCH_IMPACT } from "./testing/what-if-fixtures";

function answer(report: Partial<Report> = {}): WhatIfResponse {
  return {
    now: FIXED_NOW,
    ref: "refs/heads/tighten-batch",
    commit: "0123456789abcdef0123",
    baseBranch: "main",
    windowMs: 60 * 60_000,
    renderer: "kustomize",
    report: { ...EMPTY_BRANCH_IMPACT, ...report },
  };
}

describe("WhatIfReport", () => {
  it("says it cannot judge flows without observed traffic, and that nothing changes", () => {
    render(<WhatIfReport data={answer()} />);
    expect(screen.getByTestId("what-if-report").firstElementChild?.textContent).toBe(
      "refs/heads/tighten-batch at 0123456789ab against main: no traffic observed in the last 1h: cannot judge what the branch does to flows.",
    );
    expect(screen.getByTestId("what-if-objects").textContent).toContain("No policy and no namespace label.");
    expect(screen.getByTestId("what-if-dropped").textContent).toBe("Newly dropped: none");
    expect(screen.getByTestId("what-if-posture").textContent).toBe("PostureNo namespace changes.");
  });

  it("lists the branch's changes, the flows it newly drops and allows, and the posture changes", () => {
    render(
      <WhatIfReport
        data={answer({
          flowsEvaluated: 4812,
          connectionsEvaluated: 12,
          window: { from: FIXED_NOW - 3_600_000, to: FIXED_NOW },
          objects: [
            {
              kind: "Namespace",
              namespace: "",
              name: "batch",
              change: "changed",
              labels: ["network-policy.homelab/profile=isolated"],
            },
            {
              kind: "CiliumNetworkPolicy",
              namespace: "database",
              name: "database-default",
              change: "changed",
              labels: [],
            },
          ],
          problems: ["clusters/home/batch.yaml: not valid YAML"],
          newlyDropped: [
            {
              edge: "ns:batch->ns:database:5432/TCP",
              sentence: "dropped on egress of batch/worker-1: nothing allows TCP 5432",
              droppedAt: "egress",
              flows: 14,
              connections: 1,
              examples: ["batch/worker-1 → database/postgres-0 TCP 5432"],
            },
          ],
          newlyDroppedFlows: 14,
          posture: [
            {
              namespace: "batch",
              change: "changed",
              changes: ["profile: internal → isolated"],
              findingsAdded: [],
              findingsRemoved: ["x"],
            },
          ],
        })}
      />,
    );
    expect(screen.getByTestId("what-if-report").firstElementChild?.textContent).toContain(
      "judged on 4,812 observed flows (12 connections) in the last 1h.",
    );
    const objects = within(screen.getByTestId("what-if-objects")).getAllByRole("listitem");
    expect(objects.map((li) => li.textContent)).toEqual([
      "Namespace batch changed: network-policy.homelab/profile=isolated",
      "CiliumNetworkPolicy database/database-default changed",
    ]);
    expect(within(screen.getByTestId("what-if-objects")).getByRole("alert").textContent).toBe(
      "clusters/home/batch.yaml: not valid YAML",
    );
    const dropped = screen.getByTestId("what-if-dropped");
    expect(within(dropped).getByRole("heading").textContent).toBe("Newly dropped: 14 flows of 1 kind");
    expect(dropped.textContent).toContain("14 flows (1 connection): dropped on egress of batch/worker-1");
    expect(within(dropped).getByRole("link").getAttribute("href")).toBe(
      `/?edge=${encodeURIComponent("ns:batch->ns:database:5432/TCP")}`,
    );
    expect(screen.getByTestId("what-if-allowed").textContent).toBe("Newly allowed: none");
    const posture = screen.getByTestId("what-if-posture");
    expect(within(posture).getByRole("link", { name: "batch" }).getAttribute("href")).toBe(
      "/namespaces/batch",
    );
    expect(posture.textContent).toContain("profile: internal → isolated");
    expect(posture.textContent).toContain("finding gone: x");
  });

  it("renders hostile object names and labels as text", () => {
    const { container } = render(
      <WhatIfReport
        data={answer({
          objects: [
            {
              kind: "Namespace",
              namespace: "",
              name: HOSTILE_TEXT,
              change: "added",
              labels: [`a=${HOSTILE_TEXT}`],
            },
          ],
          posture: [
            {
              namespace: HOSTILE_TEXT,
              change: "added",
              changes: [],
              findingsAdded: [HOSTILE_TEXT],
              findingsRemoved: [],
            },
          ],
        })}
      />,
    );
    expect(screen.getByTestId("what-if-objects").textContent).toContain(
      `Namespace ${HOSTILE_TEXT} added: a=${HOSTILE_TEXT}`,
    );
    expect(screen.getByRole("link", { name: HOSTILE_TEXT }).getAttribute("href")).toBe(
      `/namespaces/${encodeURIComponent(HOSTILE_TEXT)}`,
    );
    expectNoInjectedMarkup(container);
  });
});
