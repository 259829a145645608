import "server-only";
import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  KubeObject,
  Namespace,
  NetworkPolicy,
  Pod,
} from "@/lib/kube/types";

const CREATED = "2025-01-01T00:00:00Z";

function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: { "kubernetes.io/metadata.name": name, ...labels },
      creationTimestamp: CREATED,
    },
    status: { phase: "Active" },
  };
}

function pod(ns: string, name: string, app: string, podIP: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { app }, creationTimestamp: CREATED },
    spec: {
      nodeName: "node-1",
      containers: [{ name: app, image: `example/${app}:1`, ports: [{ containerPort: 8080 }] }],
    },
    status: { phase: "Running", podIP, podIPs: [{ ip: podIP }], hostIP: "10.0.0.1" },
  };
}

/** A few objects of each kind Sieve watches: enough to see every one in a list, a watch and kubectl. */
export function smallCluster(): KubeObject[] {
  const networkPolicy: NetworkPolicy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-web", namespace: "shop", creationTimestamp: CREATED },
    spec: {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: 8080 }] }],
    },
  };
  const platformPolicy: CiliumNetworkPolicy = {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: "database-platform", namespace: "database", creationTimestamp: CREATED },
    spec: {
      endpointSelector: {},
      egress: [
        {
          toEndpoints: [
            { matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } },
          ],
          toPorts: [{ ports: [{ port: "53", protocol: "UDP" }] }],
        },
      ],
    },
  };
  const profile: CiliumClusterwideNetworkPolicy = {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: { name: "profile-isolated", creationTimestamp: CREATED },
    spec: {
      endpointSelector: {
        matchLabels: { "io.cilium.k8s.namespace.labels.network-policy.homelab/profile": "isolated" },
      },
      egress: [{ toEntities: ["kube-apiserver"] }],
    },
  };
  return [
    namespace("database"),
    namespace("shop", { "network-policy.homelab/profile": "standard" }),
    namespace("batch", { "network-policy.homelab/profile": "isolated" }),
    pod("database", "postgres-0", "postgres", "10.1.0.10"),
    pod("shop", "web-1", "web", "10.1.0.20"),
    pod("shop", "web-2", "web", "10.1.0.21"),
    pod("batch", "worker-1", "worker", "10.1.0.30"),
    networkPolicy,
    platformPolicy,
    profile,
  ];
}
