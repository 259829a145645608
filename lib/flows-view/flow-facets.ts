import type { ObserveFlag, ObserveFlagName } from "@/lib/hubble/flow-filters";
import type { HubbleEndpoint, HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowPolicies, l7Summary } from "./flow-row";

// The values of one flow shown in the detail sidebar, each with the filter flag that selects flows
// sharing it, so a click adds `--from-namespace mealie` or `--to-port 5432` to the view.

export interface FlowFacet {
  /** What the value is, e.g. "source namespace". */
  field: string;
  value: string;
  /** The flag that filters on it; null for a value the CLI cannot filter on. */
  flag: ObserveFlag | null;
}

type Side = "from" | "to";

function facet(field: string, value: string | number | undefined, name: ObserveFlagName | null): FlowFacet[] {
  if (value === undefined || value === "") return [];
  const text = String(value);
  return [{ field, value: text, flag: name ? { name, value: text } : null }];
}

function endpointFacets(
  side: Side,
  endpoint: HubbleEndpoint | undefined,
  ip: string | undefined,
  names: string[] | undefined,
  port: number | undefined,
): FlowFacet[] {
  const word = side === "from" ? "source" : "destination";
  const flag = (suffix: string) => `${side}-${suffix}` as ObserveFlagName;
  return [
    ...facet(`${word} namespace`, endpoint?.namespace, flag("namespace")),
    ...facet(
      `${word} pod`,
      endpoint?.pod_name && `${endpoint.namespace ?? ""}/${endpoint.pod_name}`,
      flag("pod"),
    ),
    ...facet(`${word} identity`, endpoint?.identity, flag("identity")),
    ...facet(`${word} IP`, ip, flag("ip")),
    ...(names ?? []).flatMap((name) => facet(`${word} DNS name`, name, flag("fqdn"))),
    ...facet(`${word} port`, port || undefined, flag("port")),
    ...(endpoint?.labels ?? []).flatMap((label) => facet(`${word} label`, label, flag("label"))),
    ...(endpoint?.workloads ?? []).flatMap((workload) =>
      facet(`${word} workload`, `${workload.kind}/${workload.name}`, null),
    ),
  ];
}

function protocolOf(flow: HubbleFlowJson): string | undefined {
  const l4 = flow.l4;
  if (l4?.TCP) return "tcp";
  if (l4?.UDP) return "udp";
  if (l4?.SCTP) return "sctp";
  if (l4?.ICMPv4) return "icmpv4";
  if (l4?.ICMPv6) return "icmpv6";
  return undefined;
}

/** The flow's values in the order the sidebar lists them. */
export function flowFacets(flow: HubbleFlowJson, nodeName: string): FlowFacet[] {
  const ports = flow.l4?.TCP ?? flow.l4?.UDP ?? flow.l4?.SCTP;
  const direction = flow.traffic_direction;
  const l7Protocol = flow.l7?.dns ? "dns" : flow.l7?.http ? "http" : undefined;
  return [
    ...facet("time", flow.time, null),
    ...facet("verdict", flow.verdict, "verdict"),
    ...facet(
      "drop reason",
      flow.verdict === "DROPPED" ? flow.drop_reason_desc : undefined,
      "drop-reason-desc",
    ),
    ...facet(
      "traffic direction",
      direction === "INGRESS" ? "ingress" : direction === "EGRESS" ? "egress" : undefined,
      "traffic-direction",
    ),
    ...facet("reply", flow.is_reply === undefined ? undefined : String(flow.is_reply), null),
    ...facet("protocol", protocolOf(flow), "protocol"),
    ...endpointFacets("from", flow.source, flow.IP?.source, flow.source_names, ports?.source_port),
    ...endpointFacets(
      "to",
      flow.destination,
      flow.IP?.destination,
      flow.destination_names,
      ports?.destination_port,
    ),
    ...facet("layer 7", l7Summary(flow), null),
    ...facet("L7 protocol", l7Protocol, "protocol"),
    ...facet("event type", flow.l7 ? "l7" : undefined, "type"),
    ...facet("HTTP status", flow.l7?.http?.code || undefined, "http-status"),
    ...facet("HTTP method", flow.l7?.http?.method, "http-method"),
    ...facet("node", flow.node_name || nodeName, "node-name"),
    ...facet("policy", flowPolicies(flow), null),
    ...facet("summary", flow.Summary, null),
  ];
}
