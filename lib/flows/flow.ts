// Sieve's own model of an observed flow. The Hubble adapter converts relay messages into this;
// nothing past the adapter reads Hubble's wire shapes.

export type Verdict =
  "FORWARDED" | "DROPPED" | "ERROR" | "AUDIT" | "REDIRECTED" | "TRACED" | "TRANSLATED" | "UNKNOWN";

export const VERDICTS: readonly Verdict[] = [
  "FORWARDED",
  "DROPPED",
  "ERROR",
  "AUDIT",
  "REDIRECTED",
  "TRACED",
  "TRANSLATED",
  "UNKNOWN",
];

/** Cilium's reserved identities, by their label name (reserved:<name>). */
export type ReservedIdentity =
  | "host"
  | "world"
  | "unmanaged"
  | "health"
  | "init"
  | "remote-node"
  | "kube-apiserver"
  | "ingress"
  | "unknown";

export interface FlowPeer {
  /** Kubernetes namespace, or null for a peer outside the cluster's pods (world, host, …). */
  namespace: string | null;
  pod: string | null;
  /** First workload (Deployment, StatefulSet…) that owns the pod, when the relay reports it. */
  workload: string | null;
  /** Labels with their source prefix removed ("k8s:app=web" becomes app → web). */
  labels: Record<string, string>;
  identity: number;
  /** Reserved identity the peer carries, if any (world, host, kube-apiserver, …). */
  reserved: ReservedIdentity | null;
  ip: string | null;
  /** DNS names Hubble associated with the peer's IP (world destinations). */
  dnsNames: string[];
}

export type FlowProtocol = "TCP" | "UDP" | "SCTP" | "ICMPv4" | "ICMPv6";

export interface FlowL7 {
  type: "REQUEST" | "RESPONSE" | "SAMPLE" | "UNKNOWN";
  dns: { query: string; ips: string[]; rcode: number; qtypes: string[] } | null;
  http: { method: string; url: string; code: number; protocol: string } | null;
}

export interface Flow {
  /** Relay-assigned uuid when present, else a stable digest of the flow's fields. */
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
  verdict: Verdict;
  /** flow.DropReason name, e.g. "POLICY_DENIED"; null when not dropped or not reported. */
  dropReason: string | null;
  direction: "ingress" | "egress" | "unknown";
  /** null when the relay could not tell. */
  isReply: boolean | null;
  source: FlowPeer;
  destination: FlowPeer;
  protocol: FlowProtocol | null;
  sourcePort: number | null;
  destinationPort: number | null;
  l7: FlowL7 | null;
  node: string;
  /** Names of the policies the relay says allowed or denied the flow, as namespace/name. */
  policies: {
    egressAllowedBy: string[];
    ingressAllowedBy: string[];
    egressDeniedBy: string[];
    ingressDeniedBy: string[];
  };
  summary: string;
}
