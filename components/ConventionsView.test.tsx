import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ConventionsView } from "./ConventionsView";
import { apiError, fakeApi, json, pending } from "./testing/fake-api";
import { conventionsAnswer } from "./testing/posture-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";

describe("ConventionsView", () => {
  it("says it is reading the policies while it loads", () => {
    fakeApi({ "/api/conventions": pending });
    renderWithQueries(<ConventionsView />);
    expect(screen.getByText("Reading the policies…")).toBeTruthy();
  });

  it("says why the conventions could not be read", async () => {
    fakeApi({ "/api/conventions": apiError("unavailable", "Kubernetes API not synced") });
    renderWithQueries(<ConventionsView />);
    expect((await screen.findByRole("alert")).textContent).toBe("Kubernetes API not synced");
  });

  it("shows what was inferred, from which policies, and that no file overrides it", async () => {
    const answer = conventionsAnswer();
    fakeApi({ "/api/conventions": json(answer) });
    renderWithQueries(<ConventionsView />);
    const article = await screen.findByRole("article", { name: "Conventions" });
    expect(article.textContent).toContain("Read from the cluster's policies");
    expect(screen.getByTestId("conventions-file").textContent).toContain(
      "None: everything below is inferred",
    );
    expect(
      within(article)
        .getAllByRole("heading", { level: 2 })
        .map((h) => h.textContent),
    ).toEqual(expect.arrayContaining(["Profiles", "Access labels", "Evidence: the policies read"]));
    expect(screen.getByTestId("profile-label").textContent).toBe(answer.conventions.profileLabel);
    const evidence = screen.getAllByTestId("evidence-policy");
    expect(evidence.length).toBe(answer.evidence.length);
    expect(evidence.length).toBeGreaterThan(0);
  });

  it("names the conventions file, what it overrides, and its problems", async () => {
    const answer = conventionsAnswer({
      path: "/etc/sieve/conventions.yaml",
      problems: ["profiles[2]: no name"],
    });
    fakeApi({
      "/api/conventions": json({
        ...answer,
        inference: { ...answer.inference, overridden: ["platformNamespaces"] },
      }),
    });
    renderWithQueries(<ConventionsView />);
    const file = await screen.findByTestId("conventions-file");
    expect(file.textContent).toContain("/etc/sieve/conventions.yaml overrides: platformNamespaces");
    expect(within(file).getByRole("alert").textContent).toBe("profiles[2]: no name");
  });
});
