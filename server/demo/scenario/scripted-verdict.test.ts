import { describe, expect, it } from "vitest";
import type { KubeObject, Namespace } from "@/lib/kube/types";
import { createClusterView, type ClusterView, type PodEndpoint } from "./cluster-view";
import { homelabObjects } from "./homelab-objects";
import { scriptedVerdict, type ConnectionAttempt } from "./scripted-verdict";
import type { TrafficPeer } from "./traffic-peers";

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const objects = homelabObjects(NOW);
const cluster = createClusterView(objects);

function pod(view: ClusterView, namespace: string, labels: Record<string, string>): PodEndpoint {
  const found = view.podsMatching(namespace, labels)[0];
  if (!found) throw new Error(`no pod in ${namespace} with ${JSON.stringify(labels)}`);
  return found;
}

const app = (namespace: string, name: string, view = cluster) =>
  pod(view, namespace, { "app.kubernetes.io/name": name });
const postgres = pod(cluster, "database", { role: "primary" });
const kubeDns = pod(cluster, "kube-system", { "k8s-app": "kube-dns" });
const world: TrafficPeer = { kind: "world", ip: "203.0.113.10", names: ["api.github.com"] };
const kubeApiserver: TrafficPeer = { kind: "kube-apiserver", ip: "192.168.10.10" };

function attempt(
  source: TrafficPeer,
  destination: TrafficPeer,
  port: number,
  protocol: "TCP" | "UDP" = "TCP",
): ConnectionAttempt {
  return { source, destination, port, protocol };
}

function withNamespaceLabels(name: string, labels: Record<string, string | null>): ClusterView {
  return createClusterView(
    objects.map((object): KubeObject => {
      if (object.kind !== "Namespace" || object.metadata.name !== name) return object;
      const next: Record<string, string> = { ...object.metadata.labels };
      for (const [key, value] of Object.entries(labels)) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      return { ...object, metadata: { ...object.metadata, labels: next } } as Namespace;
    }),
  );
}

describe("scriptedVerdict", () => {
  it("forwards DNS to kube-dns from every namespace under the DNS baseline", () => {
    expect(scriptedVerdict(attempt(app("mealie", "mealie"), kubeDns, 53, "UDP"), cluster)).toMatchObject({
      verdict: "FORWARDED",
      egressAllowedBy: [{ name: "baseline-dns-egress" }],
      ingressAllowedBy: [{ name: "kube-system-default", namespace: "kube-system" }],
    });
  });

  it("drops uptime-kuma's DNS on its own deny rule, and names that rule", () => {
    expect(scriptedVerdict(attempt(app("uptime-kuma", "uptime-kuma"), kubeDns, 53, "UDP"), cluster)).toEqual({
      verdict: "DROPPED",
      direction: "EGRESS",
      dropReason: "POLICY_DENY",
      deniedBy: [{ kind: "CiliumNetworkPolicy", name: "deny-kube-system", namespace: "uptime-kuma" }],
    });
  });

  it("lets a namespace reach postgres only with the postgres access label", () => {
    const paperless = scriptedVerdict(attempt(app("paperless", "paperless-ngx"), postgres, 5432), cluster);
    expect(paperless).toMatchObject({
      verdict: "FORWARDED",
      egressAllowedBy: [{ name: "access-postgres" }],
      ingressAllowedBy: [{ name: "access-postgres" }],
    });
    expect(scriptedVerdict(attempt(app("mealie", "mealie"), postgres, 5432), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "EGRESS",
      dropReason: "POLICY_DENIED",
      deniedBy: [],
    });
    const labelled = withNamespaceLabels("mealie", { "access.network-policy.homelab/postgres": "true" });
    expect(
      scriptedVerdict(attempt(app("mealie", "mealie", labelled), postgres, 5432), labelled).verdict,
    ).toBe("FORWARDED");
  });

  it("opens the kube API on 6443 to namespaces with the kube-api label only", () => {
    expect(
      scriptedVerdict(attempt(app("actions-runner", "homelab-runner"), kubeApiserver, 6443), cluster),
    ).toMatchObject({
      verdict: "FORWARDED",
      egressAllowedBy: [{ name: "baseline-kube-api-access" }],
    });
    expect(scriptedVerdict(attempt(app("homepage", "homepage"), kubeApiserver, 6443), cluster)).toMatchObject(
      {
        verdict: "DROPPED",
        direction: "EGRESS",
      },
    );
  });

  it("allows HTTPS to the world by profile: internal-egress and standard yes, internal, isolated and none no", () => {
    const verdict = (namespace: string, name: string) =>
      scriptedVerdict(attempt(app(namespace, name), world, 443), cluster).verdict;
    expect(verdict("n8n", "n8n")).toBe("FORWARDED");
    expect(verdict("miniflux", "miniflux")).toBe("FORWARDED");
    expect(verdict("grafana-dashboards", "grafana")).toBe("DROPPED");
    expect(verdict("batch-jobs", "pg-backup")).toBe("DROPPED");
    const scratch = pod(cluster, "scratch", { run: "netshoot" });
    expect(scriptedVerdict(attempt(scratch, world, 443), cluster).verdict).toBe("DROPPED");
    expect(scriptedVerdict(attempt(app("miniflux", "miniflux"), world, 8443), cluster).verdict).toBe(
      "DROPPED",
    );
  });

  it("lets the gateways in by profile, and drops them at the destination's ingress otherwise", () => {
    const internal = pod(cluster, "istio-gateway", { "gateway.networking.k8s.io/gateway-name": "internal" });
    const external = pod(cluster, "istio-gateway", { "gateway.networking.k8s.io/gateway-name": "external" });
    expect(scriptedVerdict(attempt(internal, app("mealie", "mealie"), 9000), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [{ name: "profile-internal" }],
    });
    expect(scriptedVerdict(attempt(external, app("mealie", "mealie"), 9000), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
    expect(scriptedVerdict(attempt(external, app("paperless", "paperless-ngx"), 8000), cluster).verdict).toBe(
      "FORWARDED",
    );
    expect(
      scriptedVerdict(attempt(internal, app("stirling-pdf", "stirling-pdf"), 8080), cluster),
    ).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
  });

  it("lets Prometheus scrape the baseline's ports and the platform CNP's, nothing else", () => {
    const prometheus = app("monitoring", "prometheus");
    expect(scriptedVerdict(attempt(prometheus, app("miniflux", "miniflux"), 8080), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [{ name: "baseline-prometheus-scrape" }],
    });
    expect(scriptedVerdict(attempt(prometheus, postgres, 9187), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [{ name: "database-default" }],
    });
    expect(scriptedVerdict(attempt(prometheus, app("jellyfin", "jellyfin"), 8096), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
  });

  it("lets ztunnel's HBONE in only where the platform CNP has the HBONE rule", () => {
    const ztunnel = pod(cluster, "istio-system", { app: "ztunnel" });
    expect(scriptedVerdict(attempt(ztunnel, postgres, 15008), cluster).verdict).toBe("FORWARDED");
    expect(scriptedVerdict(attempt(ztunnel, app("cache", "dragonfly"), 15008), cluster)).toMatchObject({
      verdict: "DROPPED",
      direction: "INGRESS",
    });
  });

  it("lets everything through a namespace with enforcement disabled, and nothing more once re-enabled", () => {
    const smtp: TrafficPeer = { kind: "world", ip: "203.0.113.90", names: ["smtp.fastmail.com"] };
    expect(scriptedVerdict(attempt(app("outline", "outline"), smtp, 465), cluster)).toMatchObject({
      verdict: "FORWARDED",
      egressAllowedBy: [{ name: "enforcement-disabled" }],
    });
    const enforced = withNamespaceLabels("outline", { "network-policy.homelab/enforcement": null });
    expect(scriptedVerdict(attempt(app("outline", "outline", enforced), smtp, 465), enforced).verdict).toBe(
      "DROPPED",
    );
  });

  it("always lets a node's kubelet probe its pods, and ambient probes in by the health baseline", () => {
    const mealie = app("mealie", "mealie");
    const host: TrafficPeer = { kind: "host", ip: "192.168.10.11", node: mealie.node };
    expect(scriptedVerdict(attempt(host, mealie, 9000), cluster).verdict).toBe("FORWARDED");
    const probe: TrafficPeer = { kind: "link-local", ip: "169.254.7.127" };
    expect(scriptedVerdict(attempt(probe, postgres, 5432), cluster)).toMatchObject({
      verdict: "FORWARDED",
      ingressAllowedBy: [{ name: "baseline-health-probes" }],
    });
  });
});
