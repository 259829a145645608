import type { Flow, FlowL7, FlowPeer, FlowProtocol, Verdict } from "@/lib/flows/flow";
import { digest64 } from "./digest";
import type { HubbleEndpoint, HubbleFlowJson, HubbleLayer4, HubbleLayer7, HubblePolicy } from "./flow-json";
import { labelRecord, reservedIdentity } from "./labels";
import { parseTimestamp, timestampToMs } from "./timestamp";

const VERDICTS: Record<string, Verdict> = {
  FORWARDED: "FORWARDED",
  DROPPED: "DROPPED",
  ERROR: "ERROR",
  AUDIT: "AUDIT",
  REDIRECTED: "REDIRECTED",
  TRACED: "TRACED",
  TRANSLATED: "TRANSLATED",
};

function peer(
  endpoint: HubbleEndpoint | undefined,
  ip: string | undefined,
  names: string[] | undefined,
): FlowPeer {
  const identity = endpoint?.identity ?? 0;
  return {
    namespace: endpoint?.namespace || null,
    pod: endpoint?.pod_name || null,
    workload: endpoint?.workloads?.[0]?.name || null,
    labels: labelRecord(endpoint?.labels),
    identity,
    reserved: reservedIdentity(endpoint?.labels, identity),
    ip: ip || null,
    dnsNames: names ?? [],
  };
}

interface Transport {
  protocol: FlowProtocol | null;
  sourcePort: number | null;
  destinationPort: number | null;
}

function transport(l4: HubbleLayer4 | undefined): Transport {
  const ports = (p: { source_port?: number; destination_port?: number }) => ({
    sourcePort: p.source_port || null,
    destinationPort: p.destination_port || null,
  });
  if (l4?.TCP) return { protocol: "TCP", ...ports(l4.TCP) };
  if (l4?.UDP) return { protocol: "UDP", ...ports(l4.UDP) };
  if (l4?.SCTP) return { protocol: "SCTP", ...ports(l4.SCTP) };
  if (l4?.ICMPv4) return { protocol: "ICMPv4", sourcePort: null, destinationPort: null };
  if (l4?.ICMPv6) return { protocol: "ICMPv6", sourcePort: null, destinationPort: null };
  return { protocol: null, sourcePort: null, destinationPort: null };
}

function layer7(l7: HubbleLayer7 | undefined): FlowL7 | null {
  if (!l7) return null;
  const type = l7.type === "REQUEST" || l7.type === "RESPONSE" || l7.type === "SAMPLE" ? l7.type : "UNKNOWN";
  const dns = l7.dns
    ? {
        query: l7.dns.query ?? "",
        ips: l7.dns.ips ?? [],
        rcode: l7.dns.rcode ?? 0,
        qtypes: l7.dns.qtypes ?? [],
      }
    : null;
  const http = l7.http
    ? {
        method: l7.http.method ?? "",
        url: l7.http.url ?? "",
        code: l7.http.code ?? 0,
        protocol: l7.http.protocol ?? "",
      }
    : null;
  return { type, dns, http };
}

const POLICY_NAME_LABEL = "k8s:io.cilium.k8s.policy.name=";
const POLICY_NAMESPACE_LABEL = "k8s:io.cilium.k8s.policy.namespace=";

// Older agents fill only the policy's labels; its name and namespace are among them.
function policyName(policy: HubblePolicy): string | null {
  const fromLabel = (prefix: string) =>
    policy.labels?.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const name = policy.name || fromLabel(POLICY_NAME_LABEL);
  if (!name) return null;
  const namespace = policy.namespace || fromLabel(POLICY_NAMESPACE_LABEL);
  return namespace ? `${namespace}/${name}` : name;
}

function policyNames(policies: HubblePolicy[] | undefined): string[] {
  return (policies ?? []).map(policyName).filter((name): name is string => name !== null);
}

function dropReason(json: HubbleFlowJson): string | null {
  if (json.verdict !== "DROPPED") return null;
  const reason = json.drop_reason_desc;
  return reason && reason !== "DROP_REASON_UNKNOWN" ? reason : null;
}

/** The flow's identity when the relay gave no uuid: the same flow always digests the same way. */
function flowDigest(json: HubbleFlowJson, t: Transport): string {
  const parts = [
    json.time,
    json.node_name ?? "",
    json.IP?.source ?? "",
    json.IP?.destination ?? "",
    t.protocol ?? "",
    t.sourcePort ?? "",
    t.destinationPort ?? "",
    json.verdict,
    json.drop_reason_desc ?? "",
    json.traffic_direction ?? "",
    json.is_reply ?? "",
    json.l7?.type ?? "",
  ];
  return `digest-${digest64(parts.join("|"))}`;
}

/** Converts a flow from `hubble observe -o json`'s shape into Sieve's model. */
export function flowFromHubbleJson(json: HubbleFlowJson): Flow {
  const time = parseTimestamp(json.time);
  if (!time) throw new Error(`flow time "${json.time}" is not an RFC 3339 timestamp`);
  const t = transport(json.l4);
  return {
    id: json.uuid || flowDigest(json, t),
    time: timestampToMs(time),
    verdict: VERDICTS[json.verdict] ?? "UNKNOWN",
    dropReason: dropReason(json),
    direction:
      json.traffic_direction === "INGRESS"
        ? "ingress"
        : json.traffic_direction === "EGRESS"
          ? "egress"
          : "unknown",
    isReply: json.is_reply ?? null,
    source: peer(json.source, json.IP?.source, json.source_names),
    destination: peer(json.destination, json.IP?.destination, json.destination_names),
    ...t,
    l7: layer7(json.l7),
    node: json.node_name ?? "",
    policies: {
      egressAllowedBy: policyNames(json.egress_allowed_by),
      ingressAllowedBy: policyNames(json.ingress_allowed_by),
      egressDeniedBy: policyNames(json.egress_denied_by),
      ingressDeniedBy: policyNames(json.ingress_denied_by),
    },
    summary: json.Summary ?? "",
  };
}
