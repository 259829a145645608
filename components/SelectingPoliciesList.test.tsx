import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SelectingPolicy } from "@/lib/posture/namespace-posture";
import type { PolicyView } from "@/lib/posture/policy-view";
import { SelectingPoliciesList } from "./SelectingPoliciesList";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

const policy: SelectingPolicy = {
  id: "CNP/shop/allow-web",
  coverage: "some",
  podsSelected: 2,
};

const view: PolicyView = {
  id: policy.id,
  ref: { kind: "CNP", namespace: "shop", name: HOSTILE_TEXT },
  section: "spec",
  role: "namespace",
  roleDetail: null,
  subject: `pods app=${HOSTILE_TEXT}`,
  description: HOSTILE_TEXT,
  directions: ["ingress", "egress"],
  defaultDeny: { ingress: true, egress: true },
  rules: [
    {
      id: "spec.ingress[0]",
      direction: "ingress",
      deny: false,
      text: "ingress from shop pods on 8080/TCP",
      l7: ["GET /api/*"],
      notes: [],
    },
    {
      id: "spec.egressDeny[0]",
      direction: "egress",
      deny: true,
      text: "egress to world denied",
      l7: [],
      notes: ["deny wins over allow"],
    },
  ],
  problems: ["toPorts.rules.http on port 5432 never matches"],
};

describe("SelectingPoliciesList", () => {
  it("says the namespace's traffic is unrestricted when no policy selects it", () => {
    render(<SelectingPoliciesList policies={[]} views={[]} />);
    expect(screen.getByText("No policy selects this namespace: its traffic is not restricted.")).toBeTruthy();
  });

  it("shows each policy under its role, with whom it selects, its rules, L7, notes and problems", () => {
    render(<SelectingPoliciesList policies={[policy]} views={[view]} />);
    expect(screen.getByRole("heading", { level: 3 }).textContent).toBe("The namespace's own policies");
    const item = within(screen.getByTestId("selecting-policies")).getAllByRole("listitem")[0]!;
    expect(item.textContent).toContain(`CNP shop/${HOSTILE_TEXT}`);
    expect(item.textContent).toContain(`pods app=${HOSTILE_TEXT} · ingress + egress · 2 pods`);
    expect(item.textContent).toContain("spec.ingress[0] ingress from shop pods on 8080/TCPGET /api/*");
    expect(item.textContent).toContain("spec.egressDeny[0] egress to world denieddeny wins over allow");
    expect(item.textContent).toContain("toPorts.rules.http on port 5432 never matches");
  });

  it("renders hostile policy names, subjects and descriptions as text", () => {
    const { container } = render(<SelectingPoliciesList policies={[policy]} views={[view]} />);
    expect(screen.getAllByText(HOSTILE_TEXT, { exact: false }).length).toBeGreaterThanOrEqual(3);
    expectNoInjectedMarkup(container);
  });
});
