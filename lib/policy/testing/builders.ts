// Small builders for the Kubernetes and Cilium objects the policy and posture tests use.

import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  CiliumPolicyRule,
  ManagedFieldsEntry,
  Namespace,
  NetworkPolicy,
  Pod,
} from "@/lib/kube/types";

export function ns(
  name: string,
  labels: Record<string, string> = {},
  extra: { annotations?: Record<string, string>; managedFields?: ManagedFieldsEntry[] } = {},
): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels }, ...extra },
  };
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  options: { hostNetwork?: boolean; phase?: string; serviceAccountName?: string } = {},
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: {
      hostNetwork: options.hostNetwork,
      serviceAccountName: options.serviceAccountName,
      containers: [],
    },
    status: { phase: options.phase ?? "Running" },
  };
}

export function cnp(namespace: string, name: string, spec: CiliumPolicyRule): CiliumNetworkPolicy {
  return { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name, namespace }, spec };
}

export function ccnp(name: string, spec: CiliumPolicyRule): CiliumClusterwideNetworkPolicy {
  return { apiVersion: "cilium.io/v2", kind: "CiliumClusterwideNetworkPolicy", metadata: { name }, spec };
}

export function netpol(namespace: string, name: string, spec: NetworkPolicy["spec"]): NetworkPolicy {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

const PROFILE = "io.cilium.k8s.namespace.labels.network-policy.homelab/profile";
const ENFORCEMENT = "io.cilium.k8s.namespace.labels.network-policy.homelab/enforcement";
const ENFORCED = { key: ENFORCEMENT, operator: "NotIn" as const, values: ["disabled"] };

export const DNS_EGRESS = {
  toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } }],
  toPorts: [
    {
      ports: [
        { port: "53", protocol: "UDP" as const },
        { port: "53", protocol: "TCP" as const },
      ],
      rules: { dns: [{ matchPattern: "*" }] },
    },
  ],
};

export const HEALTH_INGRESS = [{ fromEntities: ["health"] }, { fromCIDR: ["169.254.0.0/16"] }];

export const SCRAPE_INGRESS = {
  fromEndpoints: [
    { matchLabels: { "io.kubernetes.pod.namespace": "monitoring", "app.kubernetes.io/name": "prometheus" } },
  ],
  toPorts: [{ ports: [{ port: "9090", protocol: "TCP" as const }] }],
};

/** The homelab's cluster-wide baselines and profiles, as the seed runbook describes them. */
export function homelabBaselines(): CiliumClusterwideNetworkPolicy[] {
  return [
    ccnp("baseline-dns", { endpointSelector: { matchExpressions: [ENFORCED] }, egress: [DNS_EGRESS] }),
    ccnp("baseline-health", { endpointSelector: { matchExpressions: [ENFORCED] }, ingress: HEALTH_INGRESS }),
    ccnp("baseline-scrape", {
      endpointSelector: { matchExpressions: [ENFORCED] },
      ingress: [SCRAPE_INGRESS],
    }),
    ccnp("profile-standard", {
      endpointSelector: { matchLabels: { [PROFILE]: "standard" }, matchExpressions: [ENFORCED] },
      ingress: [
        {
          fromEndpoints: [
            {
              matchLabels: { "io.kubernetes.pod.namespace": "istio-gateway" },
              matchExpressions: [
                {
                  key: "gateway.networking.k8s.io/gateway-name",
                  operator: "In",
                  values: ["internal", "external"],
                },
              ],
            },
          ],
          toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
        },
      ],
      egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }],
    }),
    ccnp("profile-isolated", {
      endpointSelector: { matchLabels: { [PROFILE]: "isolated" }, matchExpressions: [ENFORCED] },
      egress: [DNS_EGRESS],
    }),
    ccnp("access-postgres", {
      endpointSelector: {
        matchLabels: { "io.cilium.k8s.namespace.labels.access.network-policy.homelab/postgres": "true" },
      },
      egress: [
        {
          toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "database" } }],
          toPorts: [{ ports: [{ port: "5432", protocol: "TCP" }] }],
        },
      ],
    }),
    ccnp("escape-hatch", {
      endpointSelector: { matchLabels: { [ENFORCEMENT]: "disabled" } },
      ingress: [{ fromEntities: ["all"] }],
      egress: [{ toEntities: ["all"] }],
    }),
  ];
}
