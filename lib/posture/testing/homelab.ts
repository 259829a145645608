// A small homelab cluster that follows the conventions, for posture tests to start from and break.

import type { CiliumNetworkPolicy, Namespace, Pod } from "@/lib/kube/types";
import {
  cnp,
  DNS_EGRESS,
  HEALTH_INGRESS,
  homelabBaselines,
  ns,
  pod,
  SCRAPE_INGRESS,
} from "@/lib/policy/testing/builders";
import type { ClusterObjects } from "../posture-context";

export const NOW = Date.parse("2025-03-01T12:00:00Z");

const ZTUNNEL = { matchLabels: { "io.kubernetes.pod.namespace": "istio-system", app: "ztunnel" } };
const HBONE = [{ ports: [{ port: "15008", protocol: "TCP" as const }] }];

/** The seed's platform CNP template, for a namespace in the ambient mesh. */
export function platformCnp(
  namespace: string,
  extra: { ingress?: object[]; egress?: object[] } = {},
): CiliumNetworkPolicy {
  return cnp(namespace, `${namespace}-default`, {
    endpointSelector: {},
    ingress: [
      ...HEALTH_INGRESS,
      SCRAPE_INGRESS,
      { fromEndpoints: [ZTUNNEL], toPorts: HBONE },
      ...(extra.ingress ?? []),
    ],
    egress: [DNS_EGRESS, { toEndpoints: [ZTUNNEL], toPorts: HBONE }, ...(extra.egress ?? [])],
  });
}

export function homelab(
  changes: {
    namespaces?: Namespace[];
    pods?: Pod[];
    cnps?: ClusterObjects["ciliumnetworkpolicies"];
    ccnps?: ClusterObjects["ciliumclusterwidenetworkpolicies"];
    netpols?: ClusterObjects["networkpolicies"];
    withoutBaselines?: boolean;
    withoutCilium?: boolean;
  } = {},
): ClusterObjects {
  const namespaces = [
    ns("kube-system"),
    ns("monitoring"),
    ns("istio-system"),
    ns("database", { "istio.io/dataplane-mode": "ambient" }),
    ns("shop", {
      "network-policy.homelab/profile": "standard",
      "access.network-policy.homelab/postgres": "true",
    }),
    ns("batch", { "network-policy.homelab/profile": "isolated" }),
    ...(changes.namespaces ?? []),
  ];
  const pods = [
    ...(changes.withoutCilium
      ? []
      : [pod("kube-system", "cilium-abc", { "k8s-app": "cilium" }, { hostNetwork: true })]),
    pod("kube-system", "coredns-1", { "k8s-app": "kube-dns" }),
    pod("monitoring", "prometheus-0", { "app.kubernetes.io/name": "prometheus" }),
    pod("istio-system", "ztunnel-1", { app: "ztunnel" }),
    pod("database", "postgres-0", { app: "postgres" }),
    pod("shop", "web-1", { app: "web" }),
    pod("batch", "worker-1", { app: "worker" }),
    ...(changes.pods ?? []),
  ];
  return {
    namespaces,
    pods,
    networkpolicies: changes.netpols ?? [],
    ciliumnetworkpolicies:
      changes.cnps ?? ["kube-system", "monitoring", "istio-system", "database"].map((n) => platformCnp(n)),
    ciliumclusterwidenetworkpolicies: [
      ...(changes.withoutBaselines ? [] : homelabBaselines()),
      ...(changes.ccnps ?? []),
    ],
  };
}
