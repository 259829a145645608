import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { escapeHatchFlows, observed, podPeer, times, worldPeer } from "@/lib/fixes/testing/flows";
import { connectionAllowed } from "./evaluate-flow";
import { buildEvaluationContext } from "./evaluation-context";
import { queryFromFlow } from "./flow-query";
import { homelabCluster, PODS } from "./testing/homelab-cluster";
import { withEnforcementEnabled, wouldBeDrops } from "./would-be-drops";

const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const { toWorld, toDns, fromGateway } = escapeHatchFlows;

describe("wouldBeDrops", () => {
  it("evaluates the namespace's forwarded flows with its enforcement label removed", () => {
    const flows = [...times(5, toWorld), ...times(3, toDns), ...times(2, fromGateway)];
    // Today every one of them passes (the escape hatch), so there is nothing to click.
    expect(flows.every((f) => connectionAllowed(queryFromFlow(f), context))).toBe(true);

    const audit = wouldBeDrops("broken", flows, context);
    const enabled = withEnforcementEnabled(context, "broken");
    const expected = flows.filter((f) => !connectionAllowed(queryFromFlow(f), enabled));
    expect(expected.length).toBeGreaterThan(0);
    expect(audit.evaluated).toBe(10);
    expect(audit.drops).toBe(expected.length);
    expect(audit.flows).toEqual(expect.arrayContaining(expected));
    expect(audit.causes.reduce((n, c) => n + c.flows, 0)).toBe(audit.drops);
    // The isolated profile lets DNS through, not the world nor the internal gateway.
    expect(audit.causes.map((c) => [c.droppedAt, c.flows])).toEqual([
      ["egress", 5],
      ["ingress", 2],
    ]);
    // The world egress of an isolated namespace is one cause, with the evaluator's sentence.
    const world = audit.causes.find((c) => c.connection.includes("world"));
    expect(world).toMatchObject({ flows: 5, droppedAt: "egress", reason: "no-rule-allows" });
    expect(world!.sentence).toMatch(
      /^dropped on egress of broken\/broken-1: nothing allows TCP 443 to world/,
    );
    expect(world!.sentence).not.toContain("enforcement=disabled");
    expect(world!.defaultDenyBy.length).toBeGreaterThan(0);
    // Most flows first.
    expect(audit.causes[0]!.flows).toBeGreaterThanOrEqual(audit.causes.at(-1)!.flows);
  });

  it("leaves the rest of the cluster as it is and does not touch the context it was given", () => {
    const enabled = withEnforcementEnabled(context, "broken");
    expect(enabled.namespaces.get("broken")!.labels).not.toHaveProperty(DEFAULT_CONVENTIONS.enforcementLabel);
    expect(context.namespaces.get("broken")!.labels).toHaveProperty(DEFAULT_CONVENTIONS.enforcementLabel);
    expect(enabled.namespaces.get("app")).toBe(context.namespaces.get("app"));
  });

  it("asks only forwarded requests into or out of the namespace", () => {
    const reply = { ...toWorld(), isReply: true };
    const dropped = observed(podPeer(PODS.broken), worldPeer("1.2.3.4"), 443);
    const elsewhere = observed(podPeer(PODS.app), worldPeer("1.2.3.4"), 443, { verdict: "FORWARDED" });
    const audit = wouldBeDrops("broken", [reply, dropped, elsewhere], context);
    expect(audit).toMatchObject({ evaluated: 0, drops: 0, causes: [] });
  });

  it("finds nothing to drop for a namespace whose traffic its policies already allow", () => {
    const audit = wouldBeDrops("broken", times(4, toDns), context);
    expect(audit).toMatchObject({ evaluated: 4, drops: 0, causes: [], flows: [] });
  });
});
