import { describe, expect, it } from "vitest";
import type { HubbleEndpoint, HubbleFlowJson } from "@/lib/hubble/flow-json";
import type { KubeObject } from "@/lib/kube/types";
import { homelabObjects } from "./homelab-objects";
import { relabelNamespace } from "./testing/relabel-namespace";
import { createTrafficGenerator } from "./traffic";

// Every drop the demo shows must be one the scenario means to show: a policy drop from the
// runbook's drop table (decided by the evaluator against the scenario's policies) or one of the
// scripted datapath faults. A conversation meant to succeed that the policies drop fails here.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const objects = homelabObjects(NOW);
/** As much as the demo backfills at start. */
const WINDOW_MS = 15 * 60_000;

const INTENDED = [
  // egress to kube-dns: uptime-kuma's own deny rule also matches kube-dns.
  "uptime-kuma → kube-system/coredns :53 EGRESS POLICY_DENY",
  // egress to the shared resources without the access label.
  "mealie → database/postgres :5432 EGRESS POLICY_DENIED",
  "n8n → cache/dragonfly :6379 EGRESS POLICY_DENIED",
  "actions-runner → garage/garage :3900 EGRESS POLICY_DENIED",
  "homepage → reserved:kube-apiserver :6443 EGRESS POLICY_DENIED",
  // egress to the world on 443 from profiles without HTTPS egress (internal, isolated, none).
  "grafana-dashboards → reserved:world :443 EGRESS POLICY_DENIED",
  "batch-jobs → reserved:world :443 EGRESS POLICY_DENIED",
  "scratch → reserved:world :443 EGRESS POLICY_DENIED",
  // ingress from the gateway into an isolated namespace that is routed anyway.
  "istio-gateway → stirling-pdf/stirling-pdf :8080 INGRESS POLICY_DENIED",
  // ingress from Prometheus on a metrics port the scrape baseline does not open.
  "monitoring → jellyfin/jellyfin :8096 INGRESS POLICY_DENIED",
  // HBONE into a mesh namespace whose platform CNP lacks the HBONE rules.
  "istio-system → cache/dragonfly :15008 INGRESS POLICY_DENIED",
  // Datapath faults, scripted rather than decided by policy.
  "immich → database/postgres :5432 EGRESS CT_MAP_INSERTION_FAILED",
  "paperless → reserved:world :6379 EGRESS STALE_OR_UNROUTABLE_IP",
  "home-assistant → reserved:world :443 EGRESS TTL_EXCEEDED",
];

function peerName(endpoint: HubbleEndpoint | undefined): string {
  if (endpoint?.namespace)
    return `${endpoint.namespace}/${endpoint.workloads?.[0]?.name ?? endpoint.pod_name}`;
  return endpoint?.labels?.find((label) => label.startsWith("reserved:")) ?? "unknown";
}

/** (source namespace, destination, port, direction, reason) of every drop. */
function dropTuples(flows: readonly HubbleFlowJson[]): string[] {
  const tuples = new Set<string>();
  for (const flow of flows) {
    if (flow.verdict !== "DROPPED") continue;
    const port = flow.l4?.TCP?.destination_port ?? flow.l4?.UDP?.destination_port;
    const source = flow.source?.namespace ?? peerName(flow.source);
    tuples.add(
      `${source} → ${peerName(flow.destination)} :${port} ${flow.traffic_direction} ${flow.drop_reason_desc}`,
    );
  }
  return [...tuples].sort();
}

function backfill(source: readonly KubeObject[]): HubbleFlowJson[] {
  return createTrafficGenerator(source, { now: () => NOW }).backfill(NOW - WINDOW_MS, NOW);
}

describe("the demo's drops", () => {
  const flows = backfill(objects);

  it("are exactly the drops the scenario intends, over the demo's 15-minute backfill", () => {
    expect(dropTuples(flows)).toEqual([...INTENDED].sort());
  });

  it("report the drop where it happens: egress at the source's node, ingress at the destination's", () => {
    const drops = flows.filter((f) => f.verdict === "DROPPED");
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      const reporter = drop.traffic_direction === "EGRESS" ? drop.source : drop.destination;
      // Only the endpoint local to the reporting node carries its endpoint ID.
      expect(reporter?.ID).toBeGreaterThan(0);
      expect(drop.node_name).toMatch(/^homelab\/node-\d$/);
    }
  });

  it("name the deny rule only for POLICY_DENY, as Cilium does", () => {
    const policyDrops = flows.filter((f) => f.drop_reason_desc?.startsWith("POLICY_"));
    for (const drop of policyDrops) {
      const denied = drop.traffic_direction === "EGRESS" ? drop.egress_denied_by : drop.ingress_denied_by;
      if (drop.drop_reason_desc === "POLICY_DENY") expect(denied?.length).toBeGreaterThan(0);
      else expect(drop.egress_denied_by ?? drop.ingress_denied_by).toBeUndefined();
    }
    expect(policyDrops.some((f) => f.drop_reason_desc === "POLICY_DENY")).toBe(true);
  });

  it("lose exactly the mealie row once mealie gets the postgres access label", () => {
    const labelled = relabelNamespace(objects, "mealie", {
      "access.network-policy.homelab/postgres": "true",
    });
    const expected = INTENDED.filter((row) => !row.startsWith("mealie → database/postgres")).sort();
    expect(expected).toHaveLength(INTENDED.length - 1);
    expect(dropTuples(backfill(labelled))).toEqual(expected);
  });
});
