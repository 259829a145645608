import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RepositoryPreviewNotice } from "./RepositoryPreviewNotice";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

describe("RepositoryPreviewNotice", () => {
  it("says the page shows a repository, not a cluster, and what rendered it", () => {
    render(
      <RepositoryPreviewNotice
        preview={{ folder: "clusters/homelab", renderer: "kustomize", problems: [] }}
      />,
    );
    expect(screen.getByRole("status").textContent).toBe(
      "Repository preview of clusters/homelab: not a cluster, so there are no agents or flows; the policies are read as Cilium would enforce them.Rendered with kustomize.",
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("warns that failed builds leave objects out, and lists what was not rendered", () => {
    const problems = [
      { kind: "kustomize", file: "apps/shop", message: "accumulating resources: missing base" },
      { kind: "kustomize", file: "apps/blog", message: "unknown field" },
      { kind: "yaml", file: "apps/x.yaml", message: "bad indentation" },
    ];
    render(<RepositoryPreviewNotice preview={{ folder: "", renderer: "kustomize", problems }} />);
    expect(screen.getByRole("alert").textContent).toMatch(/^2 builds failed: their objects are missing/);
    expect(screen.getByText("Not rendered (3)")).toBeTruthy();
    expect(
      within(screen.getByTestId("repository-preview-problems"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(problems.map((p) => `${p.file}: ${p.message}`));
  });

  it("says one build failed in the singular, and renders hostile file names as text", () => {
    const { container } = render(
      <RepositoryPreviewNotice
        preview={{
          folder: HOSTILE_TEXT,
          renderer: "kustomize",
          problems: [{ kind: "kustomize", file: HOSTILE_TEXT, message: "x" }],
        }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toMatch(/^One build failed/);
    expect(screen.getByTestId("repository-preview-problems").textContent).toBe(`${HOSTILE_TEXT}: x`);
    expectNoInjectedMarkup(container);
  });
});
