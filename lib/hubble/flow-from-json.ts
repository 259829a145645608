import {
  eventTypeOfNumber,
  tcpFlagsFromRecord,
  verdictOfName,
  type Flow,
  type FlowL7,
  type FlowPeer,
  type FlowProtocol,
} from "@/lib/flows/flow";
import { flowDigest } from "./flow-digest";
import { EMPTY_POLICIES, NO_STRINGS } from "./flow-shared";
import type { HubbleEndpoint, HubbleFlowJson, HubbleLayer4, HubbleLayer7, HubblePolicy } from "./flow-json";
import { BoundedCache } from "./bounded-cache";
import { PeerInterner, type InternedEndpoint } from "./peer-interner";
import { policyName } from "./policy-name";
import { parseTimestamp, timestampToMs } from "./timestamp";

const peers = new PeerInterner();

/** An endpoint as JSON gives it, to recognise the next flow from it without parsing its labels. */
interface SeenEndpoint {
  labels: readonly string[];
  interned: InternedEndpoint;
}

/** Recently seen endpoints by identity and pod; a few may share one key. */
const seenEndpoints = new BoundedCache<string, SeenEndpoint[]>(8_192);
const MAX_SEEN_PER_KEY = 4;

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function internedEndpoint(endpoint: HubbleEndpoint | undefined): InternedEndpoint {
  const namespace = endpoint?.namespace || null;
  const pod = endpoint?.pod_name || null;
  const workload = endpoint?.workloads?.[0]?.name || null;
  const labels = endpoint?.labels ?? NO_STRINGS;
  const identity = endpoint?.identity ?? 0;
  const key = `${identity}/${pod ?? ""}`;
  const seen = seenEndpoints.get(key);
  if (seen) {
    for (const candidate of seen) {
      const facts = candidate.interned.facts;
      if (
        facts.namespace === namespace &&
        facts.workload === workload &&
        sameLabels(candidate.labels, labels)
      ) {
        return candidate.interned;
      }
    }
  }
  const interned = peers.endpoint(namespace, pod, workload, labels, identity);
  const entry: SeenEndpoint = { labels: [...labels], interned };
  seenEndpoints.set(key, [entry, ...(seen ?? []).slice(0, MAX_SEEN_PER_KEY - 1)]);
  return interned;
}

function peer(
  endpoint: HubbleEndpoint | undefined,
  ip: string | undefined,
  names: string[] | undefined,
): FlowPeer {
  return peers.peer(internedEndpoint(endpoint), ip || null, names ?? NO_STRINGS);
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

function policyNames(policies: HubblePolicy[] | undefined): string[] {
  if (!policies || policies.length === 0) return NO_STRINGS as string[];
  const names: string[] = [];
  for (const policy of policies) {
    const name = policyName(policy.name, policy.namespace, policy.labels);
    if (name !== null) names.push(name);
  }
  return names;
}

function dropReason(json: HubbleFlowJson): string | null {
  if (json.verdict !== "DROPPED") return null;
  const reason = json.drop_reason_desc;
  return reason && reason !== "DROP_REASON_UNKNOWN" ? reason : null;
}

function policies(json: HubbleFlowJson): Flow["policies"] {
  if (
    !json.egress_allowed_by &&
    !json.ingress_allowed_by &&
    !json.egress_denied_by &&
    !json.ingress_denied_by
  ) {
    return EMPTY_POLICIES;
  }
  return {
    egressAllowedBy: policyNames(json.egress_allowed_by),
    ingressAllowedBy: policyNames(json.ingress_allowed_by),
    egressDeniedBy: policyNames(json.egress_denied_by),
    ingressDeniedBy: policyNames(json.ingress_denied_by),
  };
}

/** Converts a flow from `hubble observe -o json`'s shape into Sieve's model. */
export function flowFromHubbleJson(json: HubbleFlowJson): Flow {
  const time = parseTimestamp(json.time);
  if (!time) throw new Error(`flow time "${json.time}" is not an RFC 3339 timestamp`);
  const t = transport(json.l4);
  return {
    id:
      json.uuid ||
      flowDigest({
        time: json.time,
        node: json.node_name ?? "",
        sourceIp: json.IP?.source ?? "",
        destinationIp: json.IP?.destination ?? "",
        protocol: t.protocol ?? "",
        sourcePort: t.sourcePort,
        destinationPort: t.destinationPort,
        verdict: json.verdict,
        dropReason: json.drop_reason_desc ?? "",
        direction: json.traffic_direction ?? "",
        isReply: json.is_reply ?? null,
        l7Type: json.l7?.type ?? "",
      }),
    time: timestampToMs(time),
    verdict: verdictOfName(json.verdict),
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
    protocol: t.protocol,
    sourcePort: t.sourcePort,
    destinationPort: t.destinationPort,
    tcpFlags: tcpFlagsFromRecord(json.l4?.TCP?.flags),
    eventType: eventTypeOfNumber(json.event_type?.type),
    observationPoint:
      json.trace_observation_point && json.trace_observation_point !== "UNKNOWN_POINT"
        ? json.trace_observation_point
        : null,
    l7: layer7(json.l7),
    node: json.node_name ?? "",
    policies: policies(json),
    policyLog: json.policy_log && json.policy_log.length > 0 ? json.policy_log : NO_STRINGS,
    summary: json.Summary ?? "",
  };
}
