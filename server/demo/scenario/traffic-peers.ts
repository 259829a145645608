import "server-only";
import type { DemoPodEndpoint } from "./demo-cluster-view";

// Everything traffic can come from or go to: pods, and the peers Cilium gives reserved identities.

export interface WorldPeer {
  kind: "world";
  ip: string;
  /** DNS names Hubble associates with the address (from the DNS proxy's cache). */
  names: string[];
}

export interface KubeApiserverPeer {
  kind: "kube-apiserver";
  ip: string;
}

/** A node's own network namespace: the local one is "host", others "remote-node". */
export interface NodePeer {
  kind: "host" | "remote-node";
  ip: string;
  node: string;
}

/** Kubelet probes in ambient namespaces, which ztunnel's SNAT gives a link-local source. */
export interface LinkLocalPeer {
  kind: "link-local";
  ip: string;
}

export type TrafficPeer = DemoPodEndpoint | WorldPeer | KubeApiserverPeer | NodePeer | LinkLocalPeer;

export function isPod(peer: TrafficPeer): peer is DemoPodEndpoint {
  return peer.kind === "pod";
}
