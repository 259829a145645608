import "server-only";
import type { CiliumNetworkPolicy, NetworkPolicy } from "@/lib/kube/types";
import { daysAgo, fluxLabels, objectMeta } from "./object-meta";
import { namespacedPolicy } from "./policy-parts";

// Policies app teams wrote themselves, each with a mistake Sieve should notice.

/** A leftover from before the DNS baseline: harmless, redundant, and only UDP. */
function legacyAllowDns(now: number): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta("NetworkPolicy", "allow-dns", daysAgo(now, 340), {
      namespace: "home-assistant",
      labels: fluxLabels("home-assistant"),
    }),
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [{ protocol: "UDP", port: 53 }],
        },
      ],
    },
  };
}

/**
 * Meant "Prometheus pods in monitoring" but lists two peers, which OR: every pod in monitoring, and
 * any pod labelled prometheus in vaultwarden itself, may reach port 80.
 */
function orInsteadOfAnd(now: number): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta("NetworkPolicy", "allow-prometheus", daysAgo(now, 300), {
      namespace: "vaultwarden",
      labels: fluxLabels("vaultwarden"),
    }),
    spec: {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "vaultwarden" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
            { podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } },
          ],
          ports: [{ protocol: "TCP", port: 80 }],
        },
      ],
    },
  };
}

/** Meant to keep the status page away from cluster internals; kube-dns lives there too. */
function denyKubeSystem(now: number): CiliumNetworkPolicy {
  return namespacedPolicy(
    "uptime-kuma",
    "deny-kube-system",
    2,
    now,
    {
      description: "Status checks must not touch cluster internals",
      endpointSelector: {},
      egressDeny: [{ toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "kube-system" } }] }],
    },
    "uptime-kuma",
  );
}

export function appPolicies(now: number): (NetworkPolicy | CiliumNetworkPolicy)[] {
  return [legacyAllowDns(now), orInsteadOfAnd(now), denyKubeSystem(now)];
}
