// A homelab that follows the conventions, with one namespace per drop-table row, for evaluator
// sentence tests and fix proposals. Built on the posture tests' homelab (baselines, profiles,
// access-postgres, escape hatch) plus the profiles, access servers and platform CNPs it lacks.

import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  CiliumPolicyRule,
  LabelSelector,
} from "@/lib/kube/types";
import { homelab, platformCnp } from "@/lib/posture/testing/homelab";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import {
  ccnp,
  cnp,
  DNS_EGRESS,
  HEALTH_INGRESS,
  ns,
  pod,
  SCRAPE_INGRESS,
} from "@/lib/policy/testing/builders";
import type { PodEndpoint } from "../connection-query";

const NS_LABEL = "io.cilium.k8s.namespace.labels.";
const PROFILE = `${NS_LABEL}network-policy.homelab/profile`;
const ENFORCED = {
  key: `${NS_LABEL}network-policy.homelab/enforcement`,
  operator: "NotIn" as const,
  values: ["disabled"],
};
const GATEWAY = "gateway.networking.k8s.io/gateway-name";
const tcp = (...ports: number[]) => [
  { ports: ports.map((port) => ({ port: String(port), protocol: "TCP" as const })) },
];
const podsIn = (namespace: string, labels: Record<string, string> = {}): LabelSelector => ({
  matchLabels: { "io.kubernetes.pod.namespace": namespace, ...labels },
});
const gateway = (name: string) => podsIn("istio-gateway", { [GATEWAY]: name });

function profile(name: string, gateways: string[], https: boolean): CiliumClusterwideNetworkPolicy {
  const rule: CiliumPolicyRule = {
    endpointSelector: { matchLabels: { [PROFILE]: name }, matchExpressions: [ENFORCED] },
    ...(gateways.length > 0
      ? { ingress: [{ fromEndpoints: gateways.map(gateway), toPorts: tcp(8080) }] }
      : {}),
    ...(https ? { egress: [{ toEntities: ["world"], toPorts: tcp(443) }] } : {}),
  };
  return ccnp(`profile-${name}`, rule);
}

/** Egress from labelled namespaces and the server's ingress from them, as the demo writes it. */
function access(name: string, server: LabelSelector, ports: number[]): CiliumClusterwideNetworkPolicy {
  const clients = { matchLabels: { [`${NS_LABEL}access.network-policy.homelab/${name}`]: "true" } };
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: { name: `access-${name}` },
    specs: [
      { endpointSelector: clients, egress: [{ toEndpoints: [server], toPorts: tcp(...ports) }] },
      { endpointSelector: server, ingress: [{ fromEndpoints: [clients], toPorts: tcp(...ports) }] },
    ],
  };
}

const POSTGRES = podsIn("database", { app: "postgres" });

/** garage is in the ambient mesh, but its CNP has no HBONE rules; cert-manager has no CNP at all. */
function garageCnp(): CiliumNetworkPolicy {
  return cnp("garage", "garage-default", {
    endpointSelector: {},
    ingress: [...HEALTH_INGRESS, SCRAPE_INGRESS],
    egress: [DNS_EGRESS],
  });
}

export const APP_NAMESPACE_LABELS = {
  /** isolated, no access labels: the "app/x". */
  app: { "network-policy.homelab/profile": "isolated" },
  /** isolated, reached through the internal gateway: needs internal. */
  dash: { "network-policy.homelab/profile": "isolated" },
  /** internal, calls an external API: needs internal-egress. */
  notes: { "network-policy.homelab/profile": "internal" },
  /** internal-egress, published on the external gateway: needs standard. */
  blog: { "network-policy.homelab/profile": "internal-egress" },
  /** enforcement disabled (the escape hatch). */
  broken: { "network-policy.homelab/profile": "isolated", "network-policy.homelab/enforcement": "disabled" },
} as const;

export function homelabCluster(
  changes: {
    withoutEscapeHatch?: boolean;
    without?: string[];
    extraCcnps?: CiliumClusterwideNetworkPolicy[];
  } = {},
): ClusterObjects {
  const base = homelab({
    namespaces: [
      ns("istio-gateway"),
      ns("cache"),
      ns("garage", { "istio.io/dataplane-mode": "ambient" }),
      ns("cert-manager"),
      ...Object.entries(APP_NAMESPACE_LABELS).map(([name, labels]) => ns(name, labels)),
    ],
    pods: [
      pod("istio-gateway", "internal-gw-1", { [GATEWAY]: "internal" }),
      pod("istio-gateway", "external-gw-1", { [GATEWAY]: "external" }),
      pod("cache", "dragonfly-0", { "app.kubernetes.io/name": "dragonfly" }),
      pod("garage", "garage-0", { app: "garage" }),
      pod("cert-manager", "cert-manager-1", { app: "cert-manager" }),
      ...Object.keys(APP_NAMESPACE_LABELS).map((name) => pod(name, `${name}-1`, { app: name })),
    ],
    cnps: [
      platformCnp("kube-system", {
        ingress: [
          {
            fromEntities: ["cluster"],
            toPorts: [
              {
                ports: [
                  { port: "53", protocol: "UDP" as const },
                  { port: "53", protocol: "TCP" as const },
                ],
              },
            ],
          },
        ],
      }),
      platformCnp("monitoring", { egress: [{ toEntities: ["cluster"], toPorts: tcp(8080, 9090) }] }),
      platformCnp("istio-system", {
        ingress: [{ fromEntities: ["cluster"], toPorts: tcp(15008) }],
        egress: [{ toEntities: ["cluster"], toPorts: tcp(15008) }],
      }),
      platformCnp("database"),
      platformCnp("istio-gateway", { egress: [{ toEntities: ["cluster"], toPorts: tcp(8080) }] }),
      platformCnp("cache"),
      garageCnp(),
    ],
    ccnps: [
      profile("internal", ["internal"], false),
      profile("internal-egress", ["internal"], true),
      ccnp("access-postgres-server", {
        endpointSelector: POSTGRES,
        ingress: [
          {
            fromEndpoints: [
              { matchLabels: { [`${NS_LABEL}access.network-policy.homelab/postgres`]: "true" } },
            ],
            toPorts: tcp(5432),
          },
        ],
      }),
      access("dragonfly", podsIn("cache", { "app.kubernetes.io/name": "dragonfly" }), [6379]),
      access("garage-s3", podsIn("garage", { app: "garage" }), [3900]),
      ccnp("access-kube-api", {
        endpointSelector: { matchLabels: { [`${NS_LABEL}access.network-policy.homelab/kube-api`]: "true" } },
        egress: [{ toEntities: ["kube-apiserver"], toPorts: tcp(6443, 443) }],
      }),
      ...(changes.extraCcnps ?? []),
    ],
  });
  const left = new Set([...(changes.without ?? []), ...(changes.withoutEscapeHatch ? ["escape-hatch"] : [])]);
  const ccnps = base.ciliumclusterwidenetworkpolicies.filter((p) => !left.has(p.metadata.name));
  return { ...base, ciliumclusterwidenetworkpolicies: ccnps };
}

export function homelabPod(namespace: string, labels: Record<string, string>, name: string): PodEndpoint {
  return { kind: "pod", namespace, labels, name };
}

export const PODS = {
  app: homelabPod("app", { app: "app" }, "app-1"),
  dash: homelabPod("dash", { app: "dash" }, "dash-1"),
  notes: homelabPod("notes", { app: "notes" }, "notes-1"),
  blog: homelabPod("blog", { app: "blog" }, "blog-1"),
  broken: homelabPod("broken", { app: "broken" }, "broken-1"),
  shop: homelabPod("shop", { app: "web" }, "web-1"),
  batch: homelabPod("batch", { app: "worker" }, "worker-1"),
  postgres: homelabPod("database", { app: "postgres" }, "postgres-0"),
  coredns: homelabPod("kube-system", { "k8s-app": "kube-dns" }, "coredns-1"),
  prometheus: homelabPod("monitoring", { "app.kubernetes.io/name": "prometheus" }, "prometheus-0"),
  ztunnel: homelabPod("istio-system", { app: "ztunnel" }, "ztunnel-1"),
  internalGateway: homelabPod("istio-gateway", { [GATEWAY]: "internal" }, "internal-gw-1"),
  externalGateway: homelabPod("istio-gateway", { [GATEWAY]: "external" }, "external-gw-1"),
  dragonfly: homelabPod("cache", { "app.kubernetes.io/name": "dragonfly" }, "dragonfly-0"),
  garage: homelabPod("garage", { app: "garage" }, "garage-0"),
  certManager: homelabPod("cert-manager", { app: "cert-manager" }, "cert-manager-1"),
} satisfies Record<string, PodEndpoint>;
