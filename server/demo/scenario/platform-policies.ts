import "server-only";
import type { CiliumEgressRule, CiliumIngressRule, CiliumNetworkPolicy } from "@/lib/kube/types";
import { routedPorts, type NamespaceSpec } from "./homelab-catalog";
import { POD_NAMESPACE_LABEL } from "@/lib/policy/selector";
import { BASELINE_SCRAPE_PORTS, PROFILE_LABEL } from "./homelab-constants";
import {
  dnsPorts,
  gatewayPods,
  HBONE_PORTS,
  KUBE_DNS_PEER,
  namespacedPolicy,
  namespaceLabel,
  podsIn,
  PROMETHEUS,
  tcp,
  ZTUNNEL,
} from "./policy-parts";

// Each platform namespace's hand-crafted `<ns>-default` CNP, written from the runbook's template
// (health, Prometheus scrape, DNS, and HBONE when in the mesh) plus what its services need.

interface ServiceRules {
  ingress?: CiliumIngressRule[];
  egress?: CiliumEgressRule[];
}

const KUBE_API_EGRESS: CiliumEgressRule = { toEntities: ["kube-apiserver"], toPorts: tcp(6443) };
const HTTPS_EGRESS: CiliumEgressRule = { toEntities: ["world"], toPorts: tcp(443) };
const app = (name: string) => ({ matchLabels: { "app.kubernetes.io/name": name } });

/** Ports Prometheus must reach: the baseline's, every platform metrics port, and extra app ports. */
function scrapeEgressPorts(namespaces: readonly NamespaceSpec[]): number[] {
  const ports = new Set<number>(BASELINE_SCRAPE_PORTS);
  for (const spec of namespaces) {
    for (const workload of spec.workloads) if (workload.metricsPort) ports.add(workload.metricsPort);
  }
  return [...ports].sort((a, b) => a - b);
}

function serviceRules(name: string, all: readonly NamespaceSpec[]): ServiceRules {
  switch (name) {
    case "kube-system":
      return {
        ingress: [{ fromEntities: ["cluster"], toPorts: dnsPorts(false) }],
        egress: [
          { toEntities: ["world"], toPorts: dnsPorts(false) },
          KUBE_API_EGRESS,
          { toEntities: ["host", "remote-node"], toPorts: tcp(4244) },
        ],
      };
    case "monitoring":
      return {
        ingress: [
          { fromEndpoints: [gatewayPods("internal")], toPorts: tcp(3000) },
          { fromEndpoints: [app("grafana")], toPorts: tcp(9090) },
          { fromEndpoints: [app("prometheus")], toPorts: tcp(9093) },
        ],
        egress: [
          {
            // Prometheus scrapes pods in every namespace; jellyfin's 8096 is listed here but was
            // never added to the scrape baseline.
            toEndpoints: [{ matchExpressions: [{ key: POD_NAMESPACE_LABEL, operator: "Exists" }] }],
            toPorts: tcp(...scrapeEgressPorts(all)),
          },
          { toEndpoints: [app("prometheus")], toPorts: tcp(9090) },
          { toEndpoints: [app("alertmanager")], toPorts: tcp(9093) },
          KUBE_API_EGRESS,
          HTTPS_EGRESS,
        ],
      };
    case "database":
      return {
        ingress: [
          { fromEndpoints: [app("cloudnative-pg")], toPorts: tcp(8000) },
          { fromEndpoints: [{ matchLabels: { "cnpg.io/cluster": "postgres" } }], toPorts: tcp(5432) },
          { fromEntities: ["kube-apiserver"], toPorts: tcp(9443) },
        ],
        egress: [
          { toEndpoints: [{ matchLabels: { "cnpg.io/cluster": "postgres" } }], toPorts: tcp(5432, 8000) },
          { toEndpoints: [podsIn("garage", { "app.kubernetes.io/name": "garage" })], toPorts: tcp(3900) },
          KUBE_API_EGRESS,
        ],
      };
    case "cache":
      return {
        ingress: [{ fromEndpoints: [app("dragonfly")], toPorts: tcp(6379) }],
        egress: [{ toEndpoints: [app("dragonfly")], toPorts: tcp(6379) }],
      };
    case "garage":
      return {
        ingress: [
          { fromEndpoints: [app("garage")], toPorts: tcp(3901) },
          { fromEndpoints: [podsIn("database", { "cnpg.io/cluster": "postgres" })], toPorts: tcp(3900) },
        ],
        egress: [{ toEndpoints: [app("garage")], toPorts: tcp(3901) }],
      };
    case "istio-gateway":
      return {
        ingress: [{ fromEntities: ["world"], toPorts: tcp(80, 443) }],
        egress: [
          {
            toEndpoints: [{ matchExpressions: [{ key: namespaceLabel(PROFILE_LABEL), operator: "Exists" }] }],
            toPorts: tcp(...routedPorts(all)),
          },
          {
            toEndpoints: [podsIn("monitoring", { "app.kubernetes.io/name": "grafana" })],
            toPorts: tcp(3000),
          },
          { toEndpoints: [podsIn("istio-system", { app: "istiod" })], toPorts: tcp(15012) },
        ],
      };
    case "istio-system":
      return {
        ingress: [
          { fromEntities: ["cluster"], toPorts: tcp(15012) },
          { fromEntities: ["kube-apiserver"], toPorts: tcp(15017) },
          { fromEndpoints: [ZTUNNEL], toPorts: HBONE_PORTS },
        ],
        egress: [
          { toEntities: ["cluster"], toPorts: HBONE_PORTS },
          { toEndpoints: [app("istiod")], toPorts: tcp(15012) },
          KUBE_API_EGRESS,
        ],
      };
    case "flux-system":
      return {
        ingress: [
          {
            fromEndpoints: [
              {
                matchExpressions: [
                  { key: "app", operator: "In", values: ["kustomize-controller", "helm-controller"] },
                ],
              },
            ],
            toPorts: tcp(9090),
          },
        ],
        egress: [
          { toEndpoints: [app("source-controller")], toPorts: tcp(9090) },
          HTTPS_EGRESS,
          KUBE_API_EGRESS,
        ],
      };
    case "cert-manager":
      return {
        ingress: [{ fromEntities: ["kube-apiserver"], toPorts: tcp(10250) }],
        egress: [HTTPS_EGRESS, KUBE_API_EGRESS],
      };
    default:
      return {};
  }
}

export function platformPolicy(
  spec: NamespaceSpec,
  all: readonly NamespaceSpec[],
  now: number,
): CiliumNetworkPolicy {
  const metricsPorts = [...new Set(spec.workloads.flatMap((w) => (w.metricsPort ? [w.metricsPort] : [])))];
  const hbone = spec.ambient === true && spec.hboneRules === true;
  const service = serviceRules(spec.name, all);
  return namespacedPolicy(spec.name, `${spec.name}-default`, Math.min(spec.ageDays, 200), now, {
    description: `${spec.purpose}: health probes, Prometheus scrape, DNS${hbone ? ", HBONE" : ""} and service traffic`,
    endpointSelector: {},
    ingress: [
      { fromEntities: ["health"] },
      { fromCIDR: ["169.254.0.0/16"] },
      ...(metricsPorts.length > 0 ? [{ fromEndpoints: [PROMETHEUS], toPorts: tcp(...metricsPorts) }] : []),
      ...(hbone ? [{ fromEndpoints: [ZTUNNEL], toPorts: HBONE_PORTS }] : []),
      ...(service.ingress ?? []),
    ],
    egress: [
      { toEndpoints: [KUBE_DNS_PEER], toPorts: dnsPorts(false) },
      ...(hbone ? [{ toEndpoints: [ZTUNNEL], toPorts: HBONE_PORTS }] : []),
      ...(service.egress ?? []),
    ],
  });
}

export function platformPolicies(namespaces: readonly NamespaceSpec[], now: number): CiliumNetworkPolicy[] {
  return namespaces.filter((spec) => spec.platform).map((spec) => platformPolicy(spec, namespaces, now));
}
