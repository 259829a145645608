import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { refLabel } from "@/lib/policy/model";
import { ConventionsView } from "./ConventionsView";
import { EvidenceLinks, EvidencePolicies, evidenceAnchors } from "./ConventionEvidence";
import { fakeApi, json } from "./testing/fake-api";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { conventionsAnswer } from "./testing/posture-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";

// The policies the conventions were read from, as the real inference reports them for the homelab
// test cluster: each convention links to the policies it rests on, rendered on the same page.

describe("ConventionEvidence", () => {
  it("links each convention to a policy shown on the page, by a numbered anchor", async () => {
    const answer = conventionsAnswer();
    fakeApi({ "/api/conventions": json(answer) });
    renderWithQueries(<ConventionsView />);
    await screen.findByRole("article", { name: "Conventions" });
    const links = screen.getAllByRole("link").filter((a) => a.getAttribute("href")?.startsWith("#evidence-"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = document.getElementById(link.getAttribute("href")!.slice(1));
      expect(target?.dataset.testid).toBe("evidence-policy");
      // The link names the policy its anchor shows.
      expect(link.textContent?.startsWith(target!.querySelector("p")!.textContent!.split(" ")[0]!)).toBe(
        true,
      );
    }
    const shown = screen.getAllByTestId("evidence-policy").map((li) => li.id);
    expect(shown).toEqual(answer.evidence.map((_, i) => `evidence-${i + 1}`));
  });

  it("shows a policy not on the page as text, and a dash when nothing was read", () => {
    const [view] = conventionsAnswer().evidence;
    const evidence = [{ policyId: view!.id, policy: view!.ref, rules: ["egress[0]"] }];
    const { container, rerender } = render(<EvidenceLinks evidence={evidence} anchors={new Map()} />);
    expect(screen.queryByRole("link")).toBeNull();
    expect(container.textContent).toBe(`${refLabel(view!.ref)} (egress[0])`);
    rerender(<EvidenceLinks evidence={[]} anchors={new Map()} />);
    expect(container.textContent).toBe("—");
  });

  it("renders a policy's rules, and hostile names as text never in an id", () => {
    const [view] = conventionsAnswer().evidence;
    const hostile = { ...view!, id: HOSTILE_TEXT, ref: { ...view!.ref, name: HOSTILE_TEXT } };
    const { container } = render(<EvidencePolicies views={[hostile]} anchors={evidenceAnchors([hostile])} />);
    const policy = screen.getByTestId("evidence-policy");
    expect(policy.id).toBe("evidence-1");
    expect(policy.textContent).toContain(HOSTILE_TEXT);
    expect(within(policy).getAllByRole("listitem")).toHaveLength(Math.max(1, view!.rules.length));
    expectNoInjectedMarkup(container);
  });
});
