import { describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { parseTimestamp, timestampToMs } from "@/lib/hubble/timestamp";
import type { KubeObject } from "@/lib/kube/types";
import { DROP_REASON_CODES } from "./flow-json-parts";
import { homelabObjects } from "./homelab-objects";
import { relabelNamespace } from "./testing/relabel-namespace";
import { createTrafficGenerator } from "./traffic";

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const objects = homelabObjects(NOW);

/** 60 one-second ticks after `start`, as the demo's timer runs them. */
function aMinuteOfTicks(from = NOW, source: readonly KubeObject[] | (() => readonly KubeObject[]) = objects) {
  const generator = createTrafficGenerator(source, { now: () => from });
  const flows: HubbleFlowJson[] = [];
  for (let second = 1; second <= 60; second += 1) flows.push(...generator.tick(from + second * 1000));
  return flows;
}

const minute = aMinuteOfTicks();

const port = (flow: HubbleFlowJson) => flow.l4?.TCP?.destination_port ?? flow.l4?.UDP?.destination_port;
const has = (labels: string[] | undefined, label: string) => labels?.includes(label) ?? false;
const profileOf = (endpoint: HubbleFlowJson["source"]) =>
  endpoint?.labels
    ?.find((label) => label.startsWith("k8s:io.cilium.k8s.namespace.labels.network-policy.homelab/profile="))
    ?.split("=")[1];
const policyDrop = (flow: HubbleFlowJson) =>
  flow.verdict === "DROPPED" &&
  (flow.drop_reason_desc === "POLICY_DENIED" || flow.drop_reason_desc === "POLICY_DENY");
const egressDrop = (flow: HubbleFlowJson) => policyDrop(flow) && flow.traffic_direction === "EGRESS";
const ingressDrop = (flow: HubbleFlowJson) => policyDrop(flow) && flow.traffic_direction === "INGRESS";

// DESIGN.md's drop table, plus the HBONE row of the platform template, as predicates on flows.
const DROP_ROWS: Record<string, (flow: HubbleFlowJson) => boolean> = {
  "egress to kube-dns :53": (f) =>
    egressDrop(f) &&
    f.destination?.namespace === "kube-system" &&
    has(f.destination.labels, "k8s:k8s-app=kube-dns") &&
    port(f) === 53,
  "egress to postgres :5432": (f) =>
    egressDrop(f) && f.destination?.namespace === "database" && port(f) === 5432,
  "egress to dragonfly :6379": (f) =>
    egressDrop(f) && f.destination?.namespace === "cache" && port(f) === 6379,
  "egress to garage :3900": (f) => egressDrop(f) && f.destination?.namespace === "garage" && port(f) === 3900,
  "egress to kube-apiserver :6443": (f) =>
    egressDrop(f) &&
    has(f.destination?.labels, "reserved:kube-apiserver") &&
    f.destination?.identity === 7 &&
    port(f) === 6443,
  "egress to world :443 from isolated": (f) =>
    egressDrop(f) &&
    has(f.destination?.labels, "reserved:world") &&
    port(f) === 443 &&
    profileOf(f.source) === "isolated",
  "egress to world :443 from internal": (f) =>
    egressDrop(f) &&
    has(f.destination?.labels, "reserved:world") &&
    port(f) === 443 &&
    profileOf(f.source) === "internal",
  "ingress from istio-gateway": (f) =>
    ingressDrop(f) && f.source?.namespace === "istio-gateway" && profileOf(f.destination) === "isolated",
  "ingress from monitoring/prometheus": (f) =>
    ingressDrop(f) &&
    f.source?.namespace === "monitoring" &&
    has(f.source.labels, "k8s:app.kubernetes.io/name=prometheus"),
  "HBONE ingress :15008 from ztunnel": (f) =>
    ingressDrop(f) &&
    has(f.source?.labels, "k8s:app=ztunnel") &&
    port(f) === 15008 &&
    f.destination?.namespace === "cache",
  CT_MAP_INSERTION_FAILED: (f) => f.drop_reason_desc === "CT_MAP_INSERTION_FAILED",
  STALE_OR_UNROUTABLE_IP: (f) => f.drop_reason_desc === "STALE_OR_UNROUTABLE_IP",
  TTL_EXCEEDED: (f) => f.drop_reason_desc === "TTL_EXCEEDED",
};

describe("the demo traffic generator", () => {
  it.each(Object.keys(DROP_ROWS))("produces the drop '%s' within a minute of ticks", (row) => {
    const drops = minute.filter(DROP_ROWS[row]!);
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      expect(drop.verdict).toBe("DROPPED");
      expect(drop.Type).toBe("L3_L4");
      expect(["EGRESS", "INGRESS"]).toContain(drop.traffic_direction);
      const reason = drop.drop_reason_desc as keyof typeof DROP_REASON_CODES;
      expect(drop.event_type).toEqual({ type: 1, sub_type: DROP_REASON_CODES[reason] });
    }
  });

  it("names the deny rule behind the DNS drop, as Hubble does for deny policies", () => {
    const dns = minute.find(DROP_ROWS["egress to kube-dns :53"]!)!;
    expect(dns.drop_reason_desc).toBe("POLICY_DENY");
    expect(dns.source?.namespace).toBe("uptime-kuma");
    expect(dns.egress_denied_by).toEqual([
      expect.objectContaining({ name: "deny-kube-system", namespace: "uptime-kuma" }),
    ]);
    const implicit = minute.filter((f) => f.drop_reason_desc === "POLICY_DENIED");
    expect(implicit.length).toBeGreaterThan(0);
    expect(implicit.every((f) => !f.egress_denied_by && !f.ingress_denied_by)).toBe(true);
  });

  it("emits well-formed flows, in time order, inside the ticked minute", () => {
    const uuids = new Set<string>();
    let previous = -Infinity;
    for (const flow of minute) {
      const timestamp = parseTimestamp(flow.time);
      expect(flow.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      const ms = timestampToMs(timestamp!);
      expect(ms).toBeGreaterThanOrEqual(NOW);
      expect(ms).toBeLessThan(NOW + 60_000);
      const ns = timestamp!.seconds * 1e9 + timestamp!.nanos;
      expect(ns).toBeGreaterThanOrEqual(previous);
      previous = ns;
      uuids.add(flow.uuid!);
      expect(["FORWARDED", "DROPPED"]).toContain(flow.verdict);
      expect(flow.IP).toMatchObject({
        source: expect.any(String),
        destination: expect.any(String),
        ipVersion: "IPv4",
      });
      expect(flow.source?.identity).toBeGreaterThan(0);
      expect(flow.destination?.identity).toBeGreaterThan(0);
      expect(flow.source?.labels?.length).toBeGreaterThan(0);
      expect(flow.destination?.labels?.length).toBeGreaterThan(0);
      const l4 = flow.l4?.TCP ?? flow.l4?.UDP;
      expect(l4?.source_port).toBeGreaterThan(0);
      expect(l4?.destination_port).toBeGreaterThan(0);
      expect(flow.node_name).toMatch(/^homelab\/node-[123]$/);
      expect(["EGRESS", "INGRESS"]).toContain(flow.traffic_direction);
      expect(typeof flow.is_reply).toBe("boolean");
      expect(flow.Summary).toBeTruthy();
      const eventType = flow.event_type?.type;
      if (flow.Type === "L7") expect([eventType, !!flow.l7]).toEqual([129, true]);
      else if (flow.verdict === "DROPPED") expect(eventType).toBe(1);
      else expect([eventType, !!flow.trace_observation_point]).toEqual([4, true]);
      for (const endpoint of [flow.source!, flow.destination!]) {
        if (endpoint.pod_name) {
          expect(endpoint.namespace).toBeTruthy();
          expect(endpoint.labels).toContain(`k8s:io.kubernetes.pod.namespace=${endpoint.namespace}`);
        }
      }
    }
    expect(uuids.size).toBe(minute.length);
  });

  it("carries DNS, HTTP, world, kube-apiserver, probe, scrape and reply traffic", () => {
    const dnsAnswers = minute.filter((f) => f.l7?.type === "RESPONSE" && f.l7.dns);
    expect(dnsAnswers.length).toBeGreaterThan(0);
    expect(
      dnsAnswers.every((f) => f.is_reply && f.l7!.dns!.query!.endsWith(".") && f.l7!.dns!.ips!.length > 0),
    ).toBe(true);
    const queries = minute.flatMap((f) =>
      f.l7?.type === "REQUEST" && f.l7.dns?.query ? [f.l7.dns.query] : [],
    );
    expect(queries.some((query) => query.endsWith(".svc.cluster.local."))).toBe(true);
    expect(queries.some((query) => !query.endsWith(".cluster.local."))).toBe(true);

    const http = minute.filter((f) => f.l7?.http);
    expect(
      http.some(
        (f) => f.l7!.type === "REQUEST" && f.l7!.http!.method && f.l7!.http!.url?.startsWith("http://"),
      ),
    ).toBe(true);
    expect(http.some((f) => f.l7!.type === "RESPONSE" && f.l7!.http!.code! >= 200)).toBe(true);
    expect(
      http.every(
        (f) => f.source?.namespace === "istio-gateway" || f.destination?.namespace === "istio-gateway",
      ),
    ).toBe(true);

    const world = minute.filter(
      (f) => f.verdict === "FORWARDED" && has(f.destination?.labels, "reserved:world") && port(f) === 443,
    );
    expect(world.length).toBeGreaterThan(0);
    expect(world.every((f) => f.destination?.identity === 2 && f.destination_names?.length === 1)).toBe(true);
    expect(
      minute.some((f) => f.verdict === "FORWARDED" && f.destination?.identity === 7 && port(f) === 6443),
    ).toBe(true);
    expect(
      minute.some((f) => has(f.source?.labels, "reserved:host") && f.traffic_direction === "INGRESS"),
    ).toBe(true);
    expect(minute.some((f) => has(f.source?.labels, "cidr:169.254.0.0/16"))).toBe(true);
    expect(
      minute.some(
        (f) =>
          f.verdict === "FORWARDED" &&
          has(f.source?.labels, "k8s:app.kubernetes.io/name=prometheus") &&
          port(f) === 9153,
      ),
    ).toBe(true);
    expect(minute.filter((f) => f.is_reply).length).toBeGreaterThan(minute.length / 5);
  });

  it("lets everything in and out of the namespace whose enforcement is disabled", () => {
    const outline = minute.filter(
      (f) => (f.source?.namespace === "outline" || f.destination?.namespace === "outline") && !f.is_reply,
    );
    expect(outline.length).toBeGreaterThan(0);
    expect(outline.every((f) => f.verdict === "FORWARDED")).toBe(true);
    // The external gateway reaches it, which its profile (internal) alone would not allow.
    expect(outline.some((f) => f.source?.pod_name?.startsWith("external-istio"))).toBe(true);
  });

  it("is a few hundred flows a minute", () => {
    expect(minute.length).toBeGreaterThan(200);
    expect(minute.length).toBeLessThan(1500);
  });

  it("is deterministic, however the time is sliced into ticks", () => {
    expect(aMinuteOfTicks()).toEqual(minute);
    const backfill = createTrafficGenerator(objects, { now: () => NOW }).backfill(NOW, NOW + 60_000);
    expect(backfill).toEqual(minute);
    const other = aMinuteOfTicks(NOW + 60_000);
    expect(other).not.toEqual(minute);
  });

  it("continues from the backfill without repeating or skipping flows", () => {
    const generator = createTrafficGenerator(objects, { now: () => NOW });
    const history = generator.backfill(NOW - 30_000, NOW);
    const next = generator.tick(NOW + 30_000);
    const whole = createTrafficGenerator(objects, { now: () => NOW }).backfill(NOW - 30_000, NOW + 30_000);
    expect([...history, ...next]).toEqual(whole);
    expect(generator.tick(NOW + 30_000)).toEqual([]);
  });

  it("catches up at most a minute after a long pause", () => {
    const generator = createTrafficGenerator(objects, { now: () => NOW });
    generator.tick(NOW);
    const caughtUp = generator.tick(NOW + 3_600_000);
    const times = caughtUp.map((f) => timestampToMs(parseTimestamp(f.time)!));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW + 3_600_000 - 60_000);
  });

  it("follows label changes when given live objects", () => {
    const mealiePostgres = (f: HubbleFlowJson) =>
      f.source?.namespace === "mealie" && port(f) === 5432 && !f.is_reply;
    expect(minute.filter(mealiePostgres).every((f) => f.verdict === "DROPPED")).toBe(true);

    const labelled = relabelNamespace(objects, "mealie", {
      "access.network-policy.homelab/postgres": "true",
    });
    let current: readonly KubeObject[] = objects;
    const after = aMinuteOfTicks(NOW, () => current);
    expect(after).toEqual(minute);
    current = labelled;
    const fixed = aMinuteOfTicks(NOW, () => current).filter(mealiePostgres);
    expect(fixed.length).toBeGreaterThan(0);
    expect(fixed.every((f) => f.verdict === "FORWARDED")).toBe(true);
    expect(fixed.find((f) => f.egress_allowed_by)?.egress_allowed_by?.[0]?.name).toBe("access-postgres");
  });

  it("converts through Sieve's Hubble adapter with its verdicts, directions and peers", () => {
    for (const json of minute) {
      const flow = flowFromHubbleJson(json);
      expect(flow.verdict).toBe(json.verdict);
      expect(flow.direction).toBe(json.traffic_direction === "EGRESS" ? "egress" : "ingress");
      expect(flow.source.identity).toBe(json.source?.identity);
    }
    const kubeApi = flowFromHubbleJson(minute.find(DROP_ROWS["egress to kube-apiserver :6443"]!)!);
    expect(kubeApi.destination.reserved).toBe("kube-apiserver");
    const world = flowFromHubbleJson(minute.find(DROP_ROWS["egress to world :443 from internal"]!)!);
    expect(world.destination).toMatchObject({ reserved: "world", dnsNames: ["grafana.com"] });
  });
});
