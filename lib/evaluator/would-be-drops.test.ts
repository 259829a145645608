import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { escapeHatchFlows, observed, podPeer, times, worldPeer } from "@/lib/fixes/testing/flows";
import { ns } from "@/lib/policy/testing/builders";
import { homelab } from "@/lib/posture/testing/homelab";
import { connectionAllowed, evaluateConnection } from "./evaluate-flow";
import { buildEvaluationContext } from "./evaluation-context";
import { queryFromFlow } from "./flow-query";
import { homelabCluster, homelabPod, PODS } from "./testing/homelab-cluster";
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
    expect(audit).toMatchObject({ evaluated: 4, drops: 0, causes: [], flows: [], deniedToday: [] });
  });
});

// The posture tests' homelab with a namespace "hatch" (profile internal, escape hatch open), as the
// posture page's fixtures build it. Its kube-system CNP (lib/posture/testing/homelab.ts platformCnp)
// opens coredns's ingress to health probes, Prometheus and ztunnel only — unlike the evaluator's
// homelab and the demo, whose kube-system CNP also allows 53 from the entity cluster.
describe("wouldBeDrops: hatch's DNS in the posture homelab", () => {
  const { enforcementLabel, enforcementDisabledValue, profileLabel } = DEFAULT_CONVENTIONS;
  const hatchCluster = homelab({
    namespaces: [ns("hatch", { [profileLabel]: "internal", [enforcementLabel]: enforcementDisabledValue })],
  });
  const hatchContext = buildEvaluationContext(hatchCluster, DEFAULT_CONVENTIONS);
  const hatch = podPeer(homelabPod("hatch", { app: "app" }, "app-1"));
  const coredns = podPeer(PODS.coredns, "10.244.0.53");
  const dns = () => observed(hatch, coredns, 53, { verdict: "FORWARDED", protocol: "UDP" });
  const world = () => observed(hatch, worldPeer("93.184.216.34"), 443, { verdict: "FORWARDED" });

  // docs.cilium.io, Security > Network Policy > Policy Enforcement Modes, "default" mode: if any rule
  // selecting an endpoint has an ingress section, the endpoint goes into default deny at ingress; a
  // connection passes only if the source's egress and the destination's ingress both allow it. The
  // escape-hatch CCNP selects the endpoints of namespaces labelled enforcement=disabled, so it opens
  // hatch's own side, never coredns's.
  it("judges hatch's DNS denied at coredns's ingress, default deny from CNP kube-system/kube-system-default", () => {
    const audit = wouldBeDrops("hatch", times(3, dns), hatchContext);
    expect(audit).toMatchObject({ evaluated: 3, drops: 0, causes: [], flows: [] });
    expect(audit.deniedToday).toHaveLength(1);
    const cause = audit.deniedToday[0]!;
    expect(cause).toMatchObject({
      connection: "hatch/app-1 → kube-system/coredns-1 (UDP 53)",
      droppedAt: "ingress",
      reason: "no-rule-allows",
      deniedBy: [],
      defaultDenyBy: ["CNP kube-system/kube-system-default", "CCNP baseline-health", "CCNP baseline-scrape"],
    });
    expect(cause.sentence).toBe(
      "dropped on ingress of kube-system/coredns-1: nothing allows UDP 53 from hatch/app-1",
    );
    // hatch's own side is not what drops it: once enabled, CCNP baseline-dns allows its DNS egress.
    const enabled = evaluateConnection(queryFromFlow(dns()), withEnforcementEnabled(hatchContext, "hatch"));
    expect(enabled.egress).toMatchObject({ allowed: true });
    expect(enabled.egress.allowedBy.map((r) => r.ref.name)).toEqual(["baseline-dns"]);
  });

  it("lists apart what coredns's ingress denies with the escape hatch open too, unlike hatch's world egress", () => {
    const today = evaluateConnection(queryFromFlow(dns()), hatchContext);
    expect(today).toMatchObject({ allowed: false, droppedAt: "ingress" });
    expect(today.egress.allowedBy.map((r) => r.ref.name)).toEqual(["escape-hatch"]);
    // Every namespace's DNS, enforced ones included: no access label would open it.
    expect(connectionAllowed(queryFromFlow(observed(podPeer(PODS.shop), coredns, 53)), hatchContext)).toBe(
      false,
    );

    const audit = wouldBeDrops("hatch", [dns(), world(), world()], hatchContext);
    expect(audit).toMatchObject({ evaluated: 3, drops: 2 });
    expect(audit.flows.map((f) => f.destinationPort)).toEqual([443, 443]);
    expect(audit.causes.map((c) => [c.newest.destinationPort, c.droppedAt, c.flows])).toEqual([
      [443, "egress", 2],
    ]);
    expect(audit.deniedToday.map((c) => [c.newest.destinationPort, c.droppedAt, c.flows])).toEqual([
      [53, "ingress", 1],
    ]);
  });
});
