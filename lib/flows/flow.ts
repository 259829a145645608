// Sieve's own model of an observed flow. The Hubble adapter converts relay messages into this;
// nothing past the adapter reads Hubble's wire shapes.

/**
 * flow.Verdict of cilium's api/v1/flow/flow.proto, by number (VERDICT_UNKNOWN = 0 … TRANSLATED = 7).
 * The one list of verdicts: Sieve's names, the proto's names and the wire numbers all derive from it.
 */
const VERDICTS_BY_NUMBER = [
  "UNKNOWN",
  "FORWARDED",
  "DROPPED",
  "ERROR",
  "AUDIT",
  "REDIRECTED",
  "TRACED",
  "TRANSLATED",
] as const;

export type Verdict = (typeof VERDICTS_BY_NUMBER)[number];

/** Every verdict, in the proto's order. */
export const VERDICTS: readonly Verdict[] = VERDICTS_BY_NUMBER;

/** The proto's name of a verdict: only "unknown" is spelled differently (VERDICT_UNKNOWN). */
export type HubbleVerdictName = "VERDICT_UNKNOWN" | Exclude<Verdict, "UNKNOWN">;

export const HUBBLE_VERDICT_NAMES: readonly HubbleVerdictName[] = VERDICTS_BY_NUMBER.map((verdict) =>
  verdict === "UNKNOWN" ? "VERDICT_UNKNOWN" : verdict,
);

/** The verdict a wire number stands for; a number newer than Sieve's proto is UNKNOWN. */
export function verdictOfNumber(value: number): Verdict {
  return VERDICTS_BY_NUMBER[value] ?? "UNKNOWN";
}

/** The verdict a proto name (protojson, `hubble observe -o json`) stands for. */
export function verdictOfName(name: string | undefined): Verdict {
  const index = name === undefined ? -1 : HUBBLE_VERDICT_NAMES.indexOf(name as HubbleVerdictName);
  return index > 0 ? VERDICTS_BY_NUMBER[index]! : "UNKNOWN";
}

/**
 * What each verdict means for the traffic, in one place so the graph, /drops, the namespace page
 * and the checklist count and word them alike. AUDIT is a policy denial that was let through
 * (audit mode): counted with the drops, worded as "would be dropped".
 */
export const VERDICT_MEANING: Readonly<
  Record<Verdict, { label: string; policyDenied: boolean; delivered: boolean | null }>
> = {
  FORWARDED: { label: "forwarded", policyDenied: false, delivered: true },
  DROPPED: { label: "dropped", policyDenied: true, delivered: false },
  ERROR: { label: "error", policyDenied: false, delivered: false },
  AUDIT: { label: "audit (would be dropped)", policyDenied: true, delivered: true },
  REDIRECTED: { label: "redirected to proxy", policyDenied: false, delivered: null },
  TRACED: { label: "traced", policyDenied: false, delivered: null },
  TRANSLATED: { label: "translated", policyDenied: false, delivered: null },
  UNKNOWN: { label: "no verdict", policyDenied: false, delivered: null },
};

/** A drop or an audited would-be drop: what /drops, the graph's "Edges with drops" and the namespace page list. */
export function isDropVerdict(verdict: Verdict): boolean {
  return verdict === "DROPPED" || verdict === "AUDIT";
}

/** Drops and audited would-be drops of a tally, the one count every view shows as "drops". */
export function dropCount(counts: Partial<Record<Verdict, number>>): number {
  return (counts.DROPPED ?? 0) + (counts.AUDIT ?? 0);
}

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

/** flow.TCPFlags' fields, in the proto's field order (FIN = 1 … NS = 9). */
export const TCP_FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"] as const;

export type TcpFlag = (typeof TCP_FLAG_NAMES)[number];

/** TCP flags as protojson writes flow.TCPFlags (and FlowFilter.tcp_flags): set flags are true. */
export type TcpFlagRecord = Partial<Record<TcpFlag, boolean>>;

const flagLists: (readonly TcpFlag[] | undefined)[] = [];

/** The flags whose bit (1 << field number - 1) is set, as one shared frozen list per combination. */
export function tcpFlagsFromBits(bits: number): readonly TcpFlag[] {
  const key = bits & 0x1ff;
  return (flagLists[key] ??= Object.freeze(TCP_FLAG_NAMES.filter((_, index) => (key & (1 << index)) !== 0)));
}

export function tcpFlagsFromRecord(record: TcpFlagRecord | undefined): readonly TcpFlag[] {
  let bits = 0;
  if (record) TCP_FLAG_NAMES.forEach((flag, index) => record[flag] === true && (bits |= 1 << index));
  return tcpFlagsFromBits(bits);
}

/**
 * The Cilium monitor event a flow came from (CiliumEventType.type, pkg/monitor/api MessageType*):
 * one packet can be reported by several (a policy verdict and a trace, a drop notification).
 */
export type FlowEventType =
  | "drop"
  | "debug"
  | "capture"
  | "trace"
  | "policy-verdict"
  | "recorder-capture"
  | "trace-sock"
  | "l7"
  | "agent"
  | "unknown";

const EVENT_TYPES: Readonly<Record<number, FlowEventType>> = {
  1: "drop",
  2: "debug",
  3: "capture",
  4: "trace",
  5: "policy-verdict",
  6: "recorder-capture",
  7: "trace-sock",
  129: "l7",
  130: "agent",
};

export function eventTypeOfNumber(type: number | undefined): FlowEventType {
  return (type !== undefined && EVENT_TYPES[type]) || "unknown";
}

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
  /** null when neither the relay nor Sieve's inference (lib/flows/reply-inference) could tell. */
  isReply: boolean | null;
  /** Set when `isReply` was inferred from flags, ports and the conversation, not reported by the relay. */
  replyInferred?: boolean;
  source: FlowPeer;
  destination: FlowPeer;
  protocol: FlowProtocol | null;
  sourcePort: number | null;
  destinationPort: number | null;
  /** Flags of a TCP packet (empty for other protocols, or when none were reported). */
  tcpFlags: readonly TcpFlag[];
  eventType: FlowEventType;
  /** flow.TraceObservationPoint name of a trace event (TO_ENDPOINT, TO_STACK…); null otherwise. */
  observationPoint: string | null;
  l7: FlowL7 | null;
  node: string;
  /** Names of the policies the relay says allowed or denied the flow, as namespace/name. */
  policies: {
    egressAllowedBy: string[];
    ingressAllowedBy: string[];
    egressDeniedBy: string[];
    ingressDeniedBy: string[];
  };
  /** Log values of the matching policies that have one (flow.proto policy_log); empty when none. */
  policyLog: readonly string[];
  summary: string;
}
