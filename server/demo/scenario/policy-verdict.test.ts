import { describe, expect, it } from "vitest";
import { evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { createClusterView, type DemoClusterView, type DemoPodEndpoint } from "./demo-cluster-view";
import { homelabObjects } from "./homelab-objects";
import { policyVerdict, type ConnectionAttempt } from "./policy-verdict";
import { relabelNamespace } from "./testing/relabel-namespace";
import { createTrafficGenerator } from "./traffic";
import type { TrafficPeer } from "./traffic-peers";

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const objects = homelabObjects(NOW);
const cluster = createClusterView(objects);

function pod(view: DemoClusterView, namespace: string, labels: Record<string, string>): DemoPodEndpoint {
  const found = view.podsMatching(namespace, labels)[0];
  if (!found) throw new Error(`no pod in ${namespace} with ${JSON.stringify(labels)}`);
  return found;
}

const app = (namespace: string, name: string, view = cluster) =>
  pod(view, namespace, { "app.kubernetes.io/name": name });
const postgres = pod(cluster, "database", { role: "primary" });
const kubeDns = pod(cluster, "kube-system", { "k8s-app": "kube-dns" });
const internalGateway = pod(cluster, "istio-gateway", {
  "gateway.networking.k8s.io/gateway-name": "internal",
});
const externalGateway = pod(cluster, "istio-gateway", {
  "gateway.networking.k8s.io/gateway-name": "external",
});
const world: TrafficPeer = { kind: "world", ip: "203.0.113.10", names: ["api.github.com"] };
const kubeApiserver: TrafficPeer = { kind: "kube-apiserver", ip: "192.168.10.10" };
const ccnp = (name: string) => ({ kind: "CiliumClusterwideNetworkPolicy", name });
const cnp = (namespace: string, name: string) => ({ kind: "CiliumNetworkPolicy", name, namespace });

function attempt(
  source: TrafficPeer,
  destination: TrafficPeer,
  port: number,
  protocol: "TCP" | "UDP" = "TCP",
): ConnectionAttempt {
  return { source, destination, port, protocol };
}

function withNamespaceLabels(name: string, labels: Record<string, string | null>): DemoClusterView {
  return createClusterView(relabelNamespace(objects, name, labels));
}

describe("policyVerdict", () => {
  it("forwards DNS to kube-dns under the DNS baseline and kube-system's CNP, naming both", () => {
    expect(policyVerdict(attempt(app("mealie", "mealie"), kubeDns, 53, "UDP"), cluster)).toEqual({
      verdict: "FORWARDED",
      egressAllowedBy: [ccnp("baseline-dns-egress")],
      ingressAllowedBy: [cnp("kube-system", "kube-system-default")],
    });
  });

  it("names a NetworkPolicy that also allows it with Hubble's kind", () => {
    const verdict = policyVerdict(
      attempt(app("home-assistant", "home-assistant"), kubeDns, 53, "UDP"),
      cluster,
    );
    expect(verdict).toMatchObject({ verdict: "FORWARDED" });
    expect(verdict.verdict === "FORWARDED" && verdict.egressAllowedBy).toEqual(
      expect.arrayContaining([
        ccnp("baseline-dns-egress"),
        { kind: "NetworkPolicy", name: "allow-dns", namespace: "home-assistant" },
      ]),
    );
  });

  it("drops uptime-kuma's DNS on its own deny rule as POLICY_DENY, and names that policy once", () => {
    expect(policyVerdict(attempt(app("uptime-kuma", "uptime-kuma"), kubeDns, 53, "UDP"), cluster)).toEqual({
      verdict: "DROPPED",
      direction: "EGRESS",
      dropReason: "POLICY_DENY",
      deniedBy: [cnp("uptime-kuma", "deny-kube-system")],
    });
  });

  it("lets a namespace reach postgres only with the postgres access label", () => {
    expect(policyVerdict(attempt(app("paperless", "paperless-ngx"), postgres, 5432), cluster)).toEqual({
      verdict: "FORWARDED",
      egressAllowedBy: [ccnp("access-postgres")],
      ingressAllowedBy: [ccnp("access-postgres")],
    });
    expect(policyVerdict(attempt(app("mealie", "mealie"), postgres, 5432), cluster)).toEqual({
      verdict: "DROPPED",
      direction: "EGRESS",
      dropReason: "POLICY_DENIED",
      deniedBy: [],
    });
    const labelled = withNamespaceLabels("mealie", { "access.network-policy.homelab/postgres": "true" });
    expect(policyVerdict(attempt(app("mealie", "mealie", labelled), postgres, 5432), labelled)).toMatchObject(
      {
        verdict: "FORWARDED",
        egressAllowedBy: [ccnp("access-postgres")],
      },
    );
  });

  it("opens the kube API on 6443 to namespaces with the kube-api label only", () => {
    expect(
      policyVerdict(attempt(app("actions-runner", "homelab-runner"), kubeApiserver, 6443), cluster),
    ).toEqual({
      verdict: "FORWARDED",
      egressAllowedBy: [ccnp("baseline-kube-api-access")],
      ingressAllowedBy: [],
    });
    expect(policyVerdict(attempt(app("homepage", "homepage"), kubeApiserver, 6443), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "EGRESS",
      dropReason: "POLICY_DENIED",
    });
  });

  it("allows HTTPS to the world by profile: internal-egress and standard yes, internal, isolated and none no", () => {
    const verdict = (namespace: string, name: string) =>
      policyVerdict(attempt(app(namespace, name), world, 443), cluster).verdict;
    expect(verdict("n8n", "n8n")).toBe("FORWARDED");
    expect(verdict("miniflux", "miniflux")).toBe("FORWARDED");
    expect(verdict("grafana-dashboards", "grafana")).toBe("DROPPED");
    expect(verdict("batch-jobs", "pg-backup")).toBe("DROPPED");
    const scratch = pod(cluster, "scratch", { run: "netshoot" });
    expect(policyVerdict(attempt(scratch, world, 443), cluster).verdict).toBe("DROPPED");
    expect(policyVerdict(attempt(app("miniflux", "miniflux"), world, 8443), cluster).verdict).toBe("DROPPED");
  });

  it("lets the gateways in by profile, and drops them at the destination's ingress otherwise", () => {
    expect(policyVerdict(attempt(internalGateway, app("mealie", "mealie"), 9000), cluster)).toEqual({
      verdict: "FORWARDED",
      egressAllowedBy: [cnp("istio-gateway", "istio-gateway-default")],
      ingressAllowedBy: [ccnp("profile-internal")],
    });
    expect(policyVerdict(attempt(externalGateway, app("mealie", "mealie"), 9000), cluster)).toEqual({
      verdict: "DROPPED",
      direction: "INGRESS",
      dropReason: "POLICY_DENIED",
      deniedBy: [],
    });
    expect(
      policyVerdict(attempt(externalGateway, app("paperless", "paperless-ngx"), 8000), cluster).verdict,
    ).toBe("FORWARDED");
    expect(
      policyVerdict(attempt(internalGateway, app("stirling-pdf", "stirling-pdf"), 8080), cluster),
    ).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
  });

  it("lets the internal gateway reach monitoring's Grafana, which it routes grafana.lab to", () => {
    expect(policyVerdict(attempt(internalGateway, app("monitoring", "grafana"), 3000), cluster)).toEqual({
      verdict: "FORWARDED",
      egressAllowedBy: [cnp("istio-gateway", "istio-gateway-default")],
      ingressAllowedBy: [cnp("monitoring", "monitoring-default")],
    });
  });

  it("lets Prometheus scrape the baseline's ports and the platform CNP's, nothing else", () => {
    const prometheus = app("monitoring", "prometheus");
    expect(policyVerdict(attempt(prometheus, app("miniflux", "miniflux"), 8080), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [ccnp("baseline-prometheus-scrape")],
    });
    expect(policyVerdict(attempt(prometheus, postgres, 9187), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [cnp("database", "database-default")],
    });
    expect(policyVerdict(attempt(prometheus, app("jellyfin", "jellyfin"), 8096), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
      dropReason: "POLICY_DENIED",
    });
  });

  it("lets ztunnel's HBONE in only where the platform CNP has the HBONE rule", () => {
    const ztunnel = pod(cluster, "istio-system", { app: "ztunnel" });
    expect(policyVerdict(attempt(ztunnel, postgres, 15008), cluster).verdict).toBe("FORWARDED");
    expect(policyVerdict(attempt(ztunnel, app("cache", "dragonfly"), 15008), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
  });

  it("lets everything through a namespace with enforcement disabled, and nothing more once re-enabled", () => {
    const smtp: TrafficPeer = { kind: "world", ip: "203.0.113.90", names: ["smtp.fastmail.com"] };
    expect(policyVerdict(attempt(app("outline", "outline"), smtp, 465), cluster)).toMatchObject({
      verdict: "FORWARDED",
      egressAllowedBy: [ccnp("enforcement-disabled")],
    });
    const enforced = withNamespaceLabels("outline", { "network-policy.homelab/enforcement": null });
    expect(policyVerdict(attempt(app("outline", "outline", enforced), smtp, 465), enforced)).toMatchObject({
      verdict: "DROPPED",
      direction: "EGRESS",
    });
  });

  it("always lets a node's kubelet probe its pods, and ambient probes in by the health baseline", () => {
    const mealie = app("mealie", "mealie");
    const host: TrafficPeer = { kind: "host", ip: "192.168.10.11", node: mealie.node };
    expect(policyVerdict(attempt(host, mealie, 9000), cluster).verdict).toBe("FORWARDED");
    const probe: TrafficPeer = { kind: "link-local", ip: "169.254.7.127" };
    const verdict = policyVerdict(attempt(probe, postgres, 5432), cluster);
    expect(verdict.verdict === "FORWARDED" && verdict.ingressAllowedBy).toContainEqual(
      ccnp("baseline-health-probes"),
    );
  });
});

describe("the demo's verdicts and Sieve's reading of its flows", () => {
  // What the demo decided must be what Sieve concludes when it evaluates the same flow: otherwise
  // the UI would explain a demo drop as allowed, or a forwarded flow as dropped.
  const minute = createTrafficGenerator(objects, { now: () => NOW }).backfill(NOW, NOW + 60_000);
  const judged = minute.filter(
    (f) =>
      f.Type === "L3_L4" &&
      !f.is_reply &&
      (f.verdict === "FORWARDED" ||
        f.drop_reason_desc === "POLICY_DENIED" ||
        f.drop_reason_desc === "POLICY_DENY"),
  );

  it("agrees on every connection attempt of a minute, side by side", () => {
    expect(judged.some((f) => f.verdict === "DROPPED" && f.traffic_direction === "INGRESS")).toBe(true);
    expect(judged.some((f) => f.verdict === "DROPPED" && f.traffic_direction === "EGRESS")).toBe(true);
    for (const json of judged) {
      const verdict = evaluateConnection(queryFromFlow(flowFromHubbleJson(json)), cluster.policies);
      const side = json.traffic_direction === "EGRESS" ? "egress" : "ingress";
      const seen = { uuid: json.uuid, droppedAt: verdict.droppedAt, egressAllowed: verdict.egress.allowed };
      if (json.verdict === "DROPPED") expect(seen).toMatchObject({ droppedAt: side });
      // Traced leaving its source: the source's egress let it through (the destination may still drop it).
      else if (side === "egress") expect(seen).toMatchObject({ egressAllowed: true });
      else expect(seen).toMatchObject({ droppedAt: null });
    }
  });
});
