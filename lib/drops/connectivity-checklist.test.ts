import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { Flow } from "@/lib/flows/flow";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { FlowGraph } from "@/lib/graph/graph-model";
import { relayCovers } from "@/lib/status/source-health";
import { connectivityChecklist, type ConnectivityCheck } from "./connectivity-checklist";
import type { DeliveredSince } from "./drop-recovery";

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const paperless = testPeer({ namespace: "paperless", pod: "web-0" });
const kubeDns = testPeer({ namespace: "kube-system", pod: "coredns-0", labels: { "k8s-app": "kube-dns" } });
const postgres = testPeer({ namespace: "database", pod: "postgres-0" });
const world = testPeer({ namespace: null, pod: null, reserved: "world", dnsNames: ["api.github.com"] });
const gateway = testPeer({ namespace: "istio-gateway", pod: "internal-0" });
const prometheus = testPeer({ namespace: "monitoring", pod: "prometheus-0" });

function checklistFor(
  flows: Partial<Flow>[],
  window = 5 * MINUTE,
  deliveredSince: DeliveredSince = () => true,
) {
  const graph = new FlowGraph();
  for (const flow of flows) graph.add(testFlow({ time: T0 - 10_000, ...flow }));
  return connectivityChecklist("paperless", graph.snapshot(T0, window), DEFAULT_CONVENTIONS, deliveredSince);
}

const byId = (checks: ConnectivityCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe("connectivityChecklist", () => {
  it("shows a check whose drops stopped and whose flows now pass as recovered since the last drop", () => {
    const toPostgres = { source: paperless, destination: postgres, destinationPort: 5432 };
    const drops = [4, 3.5, 3].map((minutes) => ({
      ...toPostgres,
      verdict: "DROPPED" as const,
      time: T0 - minutes * MINUTE,
    }));
    // Dropped every 30 s until three minutes ago (the label was added), forwarded since.
    const checks = byId(checklistFor([...drops, { ...toPostgres, time: T0 - 2 * MINUTE }]).checks);
    expect(checks.database).toMatchObject({
      status: "recovered",
      recoveredSince: T0 - 3 * MINUTE,
      dropped: 3,
      lastDropAt: T0 - 3 * MINUTE,
    });
    // The same drops with the last one 20 s ago: still dropping, however many flows passed before.
    const recent = byId(
      checklistFor([...drops, { ...toPostgres, verdict: "DROPPED", time: T0 - 20_000 }, toPostgres]).checks,
    );
    expect(recent.database).toMatchObject({ status: "dropped", recoveredSince: null });

    // The relay was down for a minute after the last drop: the quiet may hide drops, as on the graph.
    const relay = {
      health: { state: "in-sync" as const },
      coveredSince: T0 - 10 * MINUTE,
      gaps: [{ from: T0 - 2.5 * MINUTE, to: T0 - 1.5 * MINUTE }],
    };
    const afterGap = byId(
      checklistFor([...drops, { ...toPostgres, time: T0 - 2 * MINUTE }], 5 * MINUTE, (from) =>
        relayCovers(relay, from, T0),
      ).checks,
    );
    expect(afterGap.database).toMatchObject({
      status: "recovery-unknown",
      recoveredSince: null,
      dropped: 3,
      lastDropAt: T0 - 3 * MINUTE,
    });
  });

  it("follows the runbook's sequence", () => {
    expect(checklistFor([]).checks.map((c) => c.id)).toEqual([
      "dns",
      "database",
      "internet",
      "gateway",
      "scrape",
    ]);
  });

  it("reports ok, dropped and no traffic per check", () => {
    const checks = byId(
      checklistFor([
        { source: paperless, destination: kubeDns, destinationPort: 53, protocol: "UDP" },
        { source: paperless, destination: postgres, destinationPort: 5432 },
        {
          source: paperless,
          destination: postgres,
          destinationPort: 5432,
          verdict: "DROPPED",
          time: T0 - 2_000,
        },
        { source: paperless, destination: world, destinationPort: 443, verdict: "DROPPED", time: T0 - 3_000 },
        { source: gateway, destination: paperless, destinationPort: 8000, direction: "ingress" },
      ]).checks,
    );
    expect(checks.dns).toMatchObject({ status: "ok", forwarded: 1, dropped: 0, lastDropAt: null });
    expect(checks.database).toMatchObject({
      status: "dropped",
      forwarded: 1,
      dropped: 1,
      lastDropAt: T0 - 2_000,
    });
    expect(checks.internet).toMatchObject({ status: "dropped", dropped: 1, lastDropAt: T0 - 3_000 });
    expect(checks.internet!.edgeIds).toEqual(["ns:paperless>world:tcp:443:egress"]);
    expect(checks.gateway).toMatchObject({ status: "ok" });
    expect(checks.scrape).toMatchObject({
      status: "no-traffic",
      forwarded: 0,
      dropped: 0,
      lastSeen: null,
      edgeIds: [],
    });
  });

  it("only looks at this namespace's traffic on the check's ports", () => {
    const checks = byId(
      checklistFor([
        {
          source: testPeer({ namespace: "other" }),
          destination: kubeDns,
          destinationPort: 53,
          verdict: "DROPPED",
        },
        { source: paperless, destination: postgres, destinationPort: 8080, verdict: "DROPPED" },
        { source: prometheus, destination: testPeer({ namespace: "other" }), destinationPort: 9090 },
      ]).checks,
    );
    expect(checks.dns!.status).toBe("no-traffic");
    expect(checks.database!.status).toBe("no-traffic");
    expect(checks.scrape!.status).toBe("no-traffic");
  });

  it("answers for the snapshot's window and says so in the commands", () => {
    const flows = [
      { source: prometheus, destination: paperless, destinationPort: 9090, time: T0 - 3 * MINUTE },
    ];
    expect(byId(checklistFor(flows, MINUTE).checks).scrape!.status).toBe("no-traffic");
    const fiveMinutes = checklistFor(flows, 5 * MINUTE);
    expect(byId(fiveMinutes.checks).scrape!.status).toBe("ok");
    expect(byId(fiveMinutes.checks).scrape!.command).toBe(
      "hubble observe --from-namespace monitoring --to-namespace paperless --since 5m",
    );
    expect(byId(fiveMinutes.checks).database!.command).toBe(
      "hubble observe --from-namespace paperless --to-namespace database --to-port 5432 --since 5m",
    );
  });
});
