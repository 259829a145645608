import type { HubbleEndpoint, HubbleFlowJson, HubblePolicy } from "@/lib/hubble/flow-json";
import { policyName } from "@/lib/hubble/policy-name";

// One line of the flows table, read from the flow as the relay sent it (`hubble observe -o json`),
// so the table says what Hubble says: its verdict, its direction, its drop reason.

/** A flow and the node that observed it: one line of `hubble observe -o json`. */
export interface FlowsEntry {
  flow: HubbleFlowJson;
  node_name: string;
}

export interface FlowRow {
  /** Stable across polls: the flow's uuid, or its time and peers when it has none. */
  key: string;
  time: string;
  source: string;
  destination: string;
  /** "5432/TCP", "ICMPv4", or "" when the flow has no layer 4. */
  port: string;
  verdict: string;
  dropReason: string;
  direction: string;
  l7: string;
  node: string;
  /** The policies that allowed or denied it, when the relay said. */
  policy: string;
}

function endpointName(
  endpoint: HubbleEndpoint | undefined,
  ip: string | undefined,
  names?: string[],
): string {
  if (endpoint?.pod_name) return `${endpoint.namespace ?? ""}/${endpoint.pod_name}`;
  const reserved = endpoint?.labels?.find((label) => label.startsWith("reserved:"));
  const name = names?.[0];
  if (reserved && name) return `${name} (${reserved.slice("reserved:".length)})`;
  if (name) return name;
  if (reserved) return `${ip ? `${ip} ` : ""}(${reserved.slice("reserved:".length)})`;
  if (endpoint?.namespace) return `${endpoint.namespace}/`;
  return ip ?? "";
}

export function flowPort(flow: HubbleFlowJson): string {
  const l4 = flow.l4;
  if (!l4) return "";
  if (l4.TCP) return `${l4.TCP.destination_port ?? 0}/TCP`;
  if (l4.UDP) return `${l4.UDP.destination_port ?? 0}/UDP`;
  if (l4.SCTP) return `${l4.SCTP.destination_port ?? 0}/SCTP`;
  if (l4.ICMPv4) return "ICMPv4";
  if (l4.ICMPv6) return "ICMPv6";
  return "";
}

/** "DNS query example.com. A", "GET /api → 200", or "" for a flow without layer 7. */
export function l7Summary(flow: HubbleFlowJson): string {
  const l7 = flow.l7;
  if (!l7) return "";
  const kind = l7.type === "RESPONSE" ? "answer" : "query";
  if (l7.dns) {
    const types = l7.dns.qtypes?.join(",") ?? "";
    const rcode = l7.type === "RESPONSE" ? ` rcode ${l7.dns.rcode ?? 0}` : "";
    return `DNS ${kind} ${l7.dns.query ?? ""}${types ? ` ${types}` : ""}${rcode}`.trim();
  }
  if (l7.http) {
    const request = `${l7.http.method ?? ""} ${l7.http.url ?? ""}`.trim();
    return l7.http.code ? `HTTP ${request} → ${l7.http.code}` : `HTTP ${request}`;
  }
  return l7.type ? `L7 ${l7.type.toLowerCase()}` : "L7";
}

function policies(list: HubblePolicy[] | undefined, word: string): string[] {
  return (list ?? []).flatMap((policy) => {
    const name = policyName(policy.name, policy.namespace, policy.labels);
    return name ? [`${word} by ${name}`] : [];
  });
}

export function flowPolicies(flow: HubbleFlowJson): string {
  return [
    ...policies(flow.egress_denied_by, "egress denied"),
    ...policies(flow.ingress_denied_by, "ingress denied"),
    ...policies(flow.egress_allowed_by, "egress allowed"),
    ...policies(flow.ingress_allowed_by, "ingress allowed"),
  ].join("; ");
}

/**
 * One row's identity. The uuid names an event, but a relay that repeats one (the demo's did, for
 * two flows a second apart) must not make two rows one: the time goes with it.
 */
export function flowKey(flow: HubbleFlowJson): string {
  if (flow.uuid) return `${flow.uuid}@${flow.time ?? ""}`;
  return [flow.time, flow.node_name, flow.IP?.source, flow.IP?.destination, flowPort(flow)].join(" ");
}

function direction(flow: HubbleFlowJson): string {
  const traffic = flow.traffic_direction;
  const word = traffic === "INGRESS" ? "ingress" : traffic === "EGRESS" ? "egress" : "";
  return flow.is_reply ? `${word ? `${word} ` : ""}reply` : word;
}

export function flowRow({ flow, node_name }: FlowsEntry): FlowRow {
  return {
    key: flowKey(flow),
    time: flow.time,
    source: endpointName(flow.source, flow.IP?.source, flow.source_names),
    destination: endpointName(flow.destination, flow.IP?.destination, flow.destination_names),
    port: flowPort(flow),
    verdict: flow.verdict,
    dropReason: flow.verdict === "DROPPED" ? (flow.drop_reason_desc ?? "") : "",
    direction: direction(flow),
    l7: l7Summary(flow),
    node: flow.node_name || node_name,
    policy: flowPolicies(flow),
  };
}

/**
 * `hubble observe -o json` output for these entries: one GetFlowsResponse per line, the flow under
 * `.flow`, oldest first as the CLI prints them.
 */
export function flowJsonLines(entries: readonly FlowsEntry[]): string {
  return entries
    .map(({ flow, node_name }) =>
      JSON.stringify({ flow, node_name: flow.node_name || node_name, time: flow.time }),
    )
    .map((line) => `${line}\n`)
    .join("");
}
