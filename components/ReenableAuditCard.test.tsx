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
const postgres = podPeer(
  { kind: "pod", namespace: "database", name: "postgres-0", labels: { app: "postgres" } },
  "10.244.1.5",
);

function auditOf(flows: Flow[]): ReenableAudit {
  const audit = wouldBeDrops("hatch", flows, view.evaluation);
  return {
    verdict: reenableVerdict(audit, FIXED_NOW - 12 * MINUTE, FIXED_NOW),
    causes: audit.causes.map(({ newest, ...cause }) => ({ ...cause, lastSeen: newest.time })),
  };
}

const forwarded = { verdict: "FORWARDED" as const };

describe("ReenableAuditCard", () => {
  it("lists each kind of would-be drop, most flows first, with why it would be dropped", () => {
    const audit = auditOf([
      ...times(3, () => observed(app, postgres, 5432, forwarded)),
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
    expect(audit.causes[0]!.connection).toContain("database");
    for (const [i, cause] of audit.causes.entries()) {
      const item = within(causes[i]!);
      expect(item.getByText(cause.sentence)).toBeTruthy();
      if (cause.defaultDenyBy.length > 0)
        expect(
          item.getByText(`default deny from ${cause.defaultDenyBy.join(", ")}, and none of them allows it`),
        ).toBeTruthy();
    }
  });

  it("says when the policies deny a would-be drop with the escape hatch open too", () => {
    // coredns's ingress (CNP kube-system/kube-system-default) allows no DNS in this cluster, and
    // hatch's enforcement label does not touch it: re-enabling is not what would drop it.
    const audit = auditOf([
      observed(app, coredns, 53, { ...forwarded, protocol: "UDP" }),
      observed(app, worldPeer("93.184.216.34"), 443, forwarded),
    ]);
    render(<ReenableAuditCard audit={audit} />);
    const [dns, world] = ["coredns", "world"].map((peer) =>
      screen.getAllByTestId("would-be-drop").find((c) => c.textContent?.includes(peer)),
    );
    expect(dns?.dataset.droppedAt).toBe("ingress");
    expect(within(dns!).getByTestId("denied-today").textContent).toBe(
      "denied with the escape hatch open too: re-enabling does not change this verdict, and what lets it through today is not in the policies Sieve reads",
    );
    expect(within(dns!).getByText(/default deny from CNP kube-system\/kube-system-default/)).toBeTruthy();
    expect(within(world!).queryByTestId("denied-today")).toBeNull();
  });

  it("says when no traffic was observed to judge by, and lists nothing", () => {
    const audit = auditOf([]);
    render(<ReenableAuditCard audit={audit} />);
    expect(screen.getByTestId("reenable-audit").dataset.verdict).toBe("no-traffic");
    expect(screen.getByTestId("reenable-verdict").textContent).toBe(audit.verdict.text);
    expect(screen.queryAllByTestId("would-be-drop")).toEqual([]);
  });

  it("renders a hostile connection as text", () => {
    const audit = auditOf([observed(app, postgres, 5432, forwarded)]);
    const hostile = { ...audit, causes: audit.causes.map((c) => ({ ...c, connection: HOSTILE_TEXT })) };
    const { container } = render(<ReenableAuditCard audit={hostile} />);
    expect(screen.getByTestId("would-be-drop").querySelector("p")?.textContent).toBe(
      `${HOSTILE_TEXT}: 1 flow`,
    );
    expectNoInjectedMarkup(container);
  });
});
