import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ReenableAudit } from "@/lib/api/responses";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { wouldBeDrops } from "@/lib/evaluator/would-be-drops";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import { observed, podPeer, times, worldPeer } from "@/lib/fixes/testing/flows";
import type { Flow } from "@/lib/flows/flow";
import { ns } from "@/lib/policy/testing/builders";
import { reenableVerdict } from "@/lib/posture/reenable-verdict";
import { homelab } from "@/lib/posture/testing/homelab";
import { ReenableAuditCard } from "./ReenableAuditCard";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { FIXED_NOW, MINUTE } from "./testing/status-fixtures";

// The audit of an open escape hatch as the posture route builds it: the homelab cluster with a
// namespace "hatch" (profile internal, enforcement disabled), its observed traffic judged by the
// real evaluator as if the hatch were closed.

const view = pipelineView(
  homelab({
    namespaces: [
      ns("hatch", {
        [DEFAULT_CONVENTIONS.profileLabel]: "internal",
        [DEFAULT_CONVENTIONS.enforcementLabel]: DEFAULT_CONVENTIONS.enforcementDisabledValue,
      }),
    ],
  }),
);
const app = podPeer({ kind: "pod", namespace: "hatch", name: "app-1", labels: { app: "app" } });
const coredns = podPeer(
  { kind: "pod", namespace: "kube-system", name: "coredns-1", labels: { "k8s-app": "kube-dns" } },
  "10.244.0.53",
);
// hatch → an outside database: once enabled, hatch's egress (profile internal) allows no world.
const outside = worldPeer("203.0.113.7");

function auditOf(flows: Flow[]): ReenableAudit {
  const audit = wouldBeDrops("hatch", flows, view.evaluation);
  const listed = (causes: typeof audit.causes) =>
    causes.map(({ newest, ...cause }) => ({ ...cause, lastSeen: newest.time }));
  return {
    verdict: reenableVerdict(audit, FIXED_NOW - 12 * MINUTE, FIXED_NOW),
    causes: listed(audit.causes),
    deniedToday: listed(audit.deniedToday),
  };
}

const forwarded = { verdict: "FORWARDED" as const };

describe("ReenableAuditCard", () => {
  it("lists each kind of would-be drop, most flows first, with why it would be dropped", () => {
    const audit = auditOf([
      ...times(3, () => observed(app, outside, 5432, forwarded)),
      observed(app, worldPeer("93.184.216.34"), 443, forwarded),
    ]);
    expect(audit.causes.length).toBe(2);
    render(<ReenableAuditCard audit={audit} />);
    expect(screen.getByTestId("reenable-verdict").textContent).toBe(audit.verdict.text);
    expect(screen.getByTestId("reenable-audit").dataset.verdict).toBe("would-drop");
    const causes = screen.getAllByTestId("would-be-drop");
    expect(causes.map((c) => c.querySelector("p")?.textContent)).toEqual([
      `${audit.causes[0]!.connection}: 3 flows`,
      `${audit.causes[1]!.connection}: 1 flow`,
    ]);
    expect(audit.causes[0]!.connection).toContain("TCP 5432");
    expect(screen.queryAllByTestId("denied-today")).toEqual([]);
    for (const [i, cause] of audit.causes.entries()) {
      const item = within(causes[i]!);
      expect(item.getByText(cause.sentence)).toBeTruthy();
      if (cause.defaultDenyBy.length > 0)
        expect(
          item.getByText(`default deny from ${cause.defaultDenyBy.join(", ")}, and none of them allows it`),
        ).toBeTruthy();
    }
  });

  it("lists flows the policies deny with the escape hatch open too apart, not as would-be drops", () => {
    // coredns's ingress (CNP kube-system/kube-system-default) allows no DNS in this cluster, and
    // hatch's enforcement label does not touch it, yet the DNS was seen forwarded: Sieve cannot
    // tell what re-enabling would do to it.
    const audit = auditOf([
      observed(app, coredns, 53, { ...forwarded, protocol: "UDP" }),
      observed(app, worldPeer("93.184.216.34"), 443, forwarded),
    ]);
    render(<ReenableAuditCard audit={audit} />);
    const verdict = screen.getByTestId("reenable-verdict").textContent;
    expect(verdict).toMatch(/^re-enabling now would drop 1 flow of 1 kind: hatch\/app-1 → world/);
    expect(verdict).toContain(
      "; 1 flow of 1 kind is denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to it is unknown",
    );
    const drops = screen.getAllByTestId("would-be-drop");
    expect(drops.map((c) => c.textContent?.includes("world"))).toEqual([true]);
    const unknown = screen.getAllByTestId("denied-today");
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.querySelector("p")?.textContent).toBe(
      "hatch/app-1 → kube-system/coredns-1 (UDP 53): 1 flow",
    );
    expect(
      within(unknown[0]!).getByText(/denies this today too, yet it was seen forwarded/).textContent,
    ).toBe(
      "Sieve's reading of the policies denies this today too, yet it was seen forwarded: what re-enabling would do to it is unknown",
    );
    expect(screen.queryByText(/re-enabling does not change this verdict|lets it through today/)).toBeNull();
  });

  it("does not say safe or would drop when only flows denied today too are in question", () => {
    const audit = auditOf([observed(app, coredns, 53, { ...forwarded, protocol: "UDP" })]);
    render(<ReenableAuditCard audit={audit} />);
    expect(screen.getByTestId("reenable-audit").dataset.verdict).toBe("unknown");
    expect(screen.getByTestId("reenable-verdict").textContent).toBe(
      "cannot tell: no other observed flow would be dropped, but 1 flow of 1 kind is denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to it is unknown (12 min, 1 flow)",
    );
    expect(screen.queryAllByTestId("would-be-drop")).toEqual([]);
    expect(screen.getAllByTestId("denied-today")).toHaveLength(1);
  });

  it("says when no traffic was observed to judge by, and lists nothing", () => {
    const audit = auditOf([]);
    render(<ReenableAuditCard audit={audit} />);
    expect(screen.getByTestId("reenable-audit").dataset.verdict).toBe("no-traffic");
    expect(screen.getByTestId("reenable-verdict").textContent).toBe(audit.verdict.text);
    expect(screen.queryAllByTestId("would-be-drop")).toEqual([]);
  });

  it("renders a hostile connection as text", () => {
    const audit = auditOf([observed(app, outside, 5432, forwarded)]);
    const hostile = { ...audit, causes: audit.causes.map((c) => ({ ...c, connection: HOSTILE_TEXT })) };
    const { container } = render(<ReenableAuditCard audit={hostile} />);
    expect(screen.getByTestId("would-be-drop").querySelector("p")?.textContent).toBe(
      `${HOSTILE_TEXT}: 1 flow`,
    );
    expectNoInjectedMarkup(container);
  });
});
