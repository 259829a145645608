// What the evaluator is asked: may this source open a connection to this destination on this port?
//
// A pod is given by what its Cilium identity is made of (namespace, pod labels, service account);
// the namespace's own labels are looked up in the evaluation context, so a proposed label change
// applies to every query without rewriting them. Peers that are not pods are Cilium's reserved
// identities (entities), addresses outside the cluster, or DNS names.

import type { FlowProtocol } from "@/lib/flows/flow";

export interface PodEndpoint {
  kind: "pod";
  namespace: string;
  /** The pod's own labels, without Cilium's derived namespace and service-account labels. */
  labels: Readonly<Record<string, string>>;
  serviceAccount?: string;
  /** The pod (or workload) name, for sentences only. */
  name?: string;
}

/** A reserved identity: host, remote-node, health, kube-apiserver, ingress, init, unmanaged, world. */
export interface EntityEndpoint {
  kind: "entity";
  entity: string;
}

/** An address or prefix outside the cluster (Cilium's world identity), with the names Hubble saw for it. */
export interface CidrEndpoint {
  kind: "cidr";
  cidr: string;
  dnsNames?: readonly string[];
}

/** A DNS name outside the cluster, optionally with the address it resolved to. */
export interface FqdnEndpoint {
  kind: "fqdn";
  name: string;
  ip?: string;
}

export type SourceEndpoint = PodEndpoint | EntityEndpoint | CidrEndpoint;
export type DestinationEndpoint = SourceEndpoint | FqdnEndpoint;
export type AnyEndpoint = DestinationEndpoint;

export interface ConnectionQuery {
  source: SourceEndpoint;
  destination: DestinationEndpoint;
  /** The destination port; null for ICMP, or when it is not known. */
  port: number | null;
  /** null when not known: only rules without an L4 restriction match then. */
  protocol: FlowProtocol | null;
}

/** "TCP 5432", "UDP 53", "ICMPv4", "TCP (any port)". */
export function describeTraffic(query: Pick<ConnectionQuery, "port" | "protocol">): string {
  const protocol = query.protocol ?? "IP";
  if (query.protocol === "ICMPv4" || query.protocol === "ICMPv6") return protocol;
  return query.port === null ? `${protocol} (unknown port)` : `${protocol} ${query.port}`;
}

/** "app/web-1", "app pod app=web", "world (api.github.com)", "entity kube-apiserver". */
export function describeEndpoint(endpoint: AnyEndpoint): string {
  switch (endpoint.kind) {
    case "pod": {
      if (endpoint.name) return `${endpoint.namespace}/${endpoint.name}`;
      const labels = Object.entries(endpoint.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      return labels ? `${endpoint.namespace} pod ${labels}` : `a pod in ${endpoint.namespace}`;
    }
    case "entity":
      return endpoint.entity === "world" ? "world" : `entity ${endpoint.entity}`;
    case "cidr": {
      const name = endpoint.dnsNames?.[0];
      return name ? `world (${name}, ${endpoint.cidr})` : `world (${endpoint.cidr})`;
    }
    case "fqdn":
      return `world (${endpoint.name})`;
  }
}
