import "server-only";
import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  CiliumPolicyRule,
  CiliumPortRule,
  LabelSelector,
} from "@/lib/kube/types";
import { GATEWAY_LABEL, HBONE_PORT, NAMESPACE_LABEL_PREFIX, type GatewayName } from "./homelab-constants";
import { POD_NAMESPACE_LABEL } from "@/lib/policy/selector";
import { daysAgo, fluxLabels, objectMeta } from "./object-meta";

// The selectors and port lists the homelab's policies are written from, named as the runbook names them.

export function namespaceLabel(key: string): string {
  return `${NAMESPACE_LABEL_PREFIX}${key}`;
}

export function podsIn(namespace: string, labels: Record<string, string> = {}): LabelSelector {
  return { matchLabels: { [POD_NAMESPACE_LABEL]: namespace, ...labels } };
}

export const KUBE_DNS_PEER = podsIn("kube-system", { "k8s-app": "kube-dns" });
export const PROMETHEUS = podsIn("monitoring", { "app.kubernetes.io/name": "prometheus" });
export const ZTUNNEL = podsIn("istio-system", { app: "ztunnel" });

export function gatewayPods(gateway: GatewayName): LabelSelector {
  return podsIn("istio-gateway", { [GATEWAY_LABEL]: gateway });
}

export function tcp(...ports: number[]): CiliumPortRule[] {
  return [{ ports: ports.map((port) => ({ port: String(port), protocol: "TCP" as const })) }];
}

export function dnsPorts(withProxy: boolean): CiliumPortRule[] {
  return [
    {
      ports: [
        { port: "53", protocol: "UDP" },
        { port: "53", protocol: "TCP" },
      ],
      // Routing DNS through Cilium's proxy is what gives Hubble the query names.
      ...(withProxy ? { rules: { dns: [{ matchPattern: "*" }] } } : {}),
    },
  ];
}

export const HBONE_PORTS = tcp(HBONE_PORT);

export function clusterwidePolicy(
  name: string,
  now: number,
  rule: CiliumPolicyRule | CiliumPolicyRule[],
): CiliumClusterwideNetworkPolicy {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: objectMeta("CiliumClusterwideNetworkPolicy", name, daysAgo(now, 380), {
      labels: fluxLabels("network-policy"),
    }),
    ...(Array.isArray(rule) ? { specs: rule } : { spec: rule }),
  };
}

export function namespacedPolicy(
  namespace: string,
  name: string,
  createdDaysAgo: number,
  now: number,
  rule: CiliumPolicyRule,
  kustomization = "network-policy",
): CiliumNetworkPolicy {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: objectMeta("CiliumNetworkPolicy", name, daysAgo(now, createdDaysAgo), {
      namespace,
      labels: fluxLabels(kustomization),
    }),
    spec: rule,
  };
}
