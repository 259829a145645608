import "server-only";

// Facts about the demo homelab shared by its objects and its traffic.

export type ProfileName = "isolated" | "internal" | "internal-egress" | "standard";
export type AccessName = "postgres" | "dragonfly" | "garage-s3" | "kube-api";
export type GatewayName = "internal" | "external";

export const CLUSTER_NAME = "homelab";

export const PROFILE_LABEL = "network-policy.homelab/profile";
export const ENFORCEMENT_LABEL = "network-policy.homelab/enforcement";
export const ACCESS_PREFIX = "access.network-policy.homelab/";
export const AMBIENT_LABEL = "istio.io/dataplane-mode";
export const GATEWAY_LABEL = "gateway.networking.k8s.io/gateway-name";
/** How Cilium exposes a namespace label on every endpoint of that namespace. */
export const NAMESPACE_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";

/** What each profile grants, as the profile CCNPs write it (DESIGN.md's table). */
export const PROFILE_GRANTS: Record<ProfileName, { gateways: GatewayName[]; httpsEgress: boolean }> = {
  isolated: { gateways: [], httpsEgress: false },
  internal: { gateways: ["internal"], httpsEgress: false },
  "internal-egress": { gateways: ["internal"], httpsEgress: true },
  standard: { gateways: ["internal", "external"], httpsEgress: true },
};

export const PROFILES = Object.keys(PROFILE_GRANTS) as ProfileName[];

/** The shared resources behind each access label: where they run and on which ports. */
export const ACCESS_TARGETS: Record<
  AccessName,
  { namespace?: string; podLabels?: Record<string, string>; entity?: "kube-apiserver"; ports: number[] }
> = {
  postgres: { namespace: "database", podLabels: { "cnpg.io/podRole": "instance" }, ports: [5432] },
  dragonfly: { namespace: "cache", podLabels: { "app.kubernetes.io/name": "dragonfly" }, ports: [6379] },
  "garage-s3": { namespace: "garage", podLabels: { "app.kubernetes.io/name": "garage" }, ports: [3900] },
  "kube-api": { entity: "kube-apiserver", ports: [6443, 443] },
};

export const ACCESS_NAMES = Object.keys(ACCESS_TARGETS) as AccessName[];

/**
 * Metrics ports the Prometheus scrape baseline opens on every pod. Platform namespaces add their
 * own in their CNPs; an app serving metrics elsewhere is not scraped (jellyfin's 8096 is the demo's
 * example of that drop).
 */
export const BASELINE_SCRAPE_PORTS = [8080, 8081, 9090, 9100];

export const HBONE_PORT = 15008;

export interface NodeInfo {
  name: string;
  ip: string;
  /** Third octet of the node's pod CIDR, 10.244.<n>.0/24. */
  podSubnet: number;
}

export const NODES: readonly NodeInfo[] = [
  { name: "node-1", ip: "192.168.10.11", podSubnet: 0 },
  { name: "node-2", ip: "192.168.10.12", podSubnet: 1 },
  { name: "node-3", ip: "192.168.10.13", podSubnet: 2 },
];

/** The API server's address as pods reach it after the kubernetes Service's translation. */
export const KUBE_APISERVER_IP = "192.168.10.10";
export const KUBE_APISERVER_PORT = 6443;

/** Source address kubelet probes carry in Istio ambient namespaces (ztunnel's SNAT). */
export const AMBIENT_PROBE_IP = "169.254.7.127";

/** The demo's one public hostname suffix for routed apps. */
export const ROUTE_DOMAIN = "lab.example.net";
