// A Hubble flow in the JSON shape `hubble observe -o json` prints (protojson with proto field
// names). The demo relay is seeded with flows in this shape, and fixtures are written in it.
// Field names follow cilium's api/v1/flow/flow.proto.

import type { HubbleVerdictName, TcpFlagRecord } from "@/lib/flows/flow";

export { HUBBLE_VERDICT_NAMES as HUBBLE_VERDICTS } from "@/lib/flows/flow";
export type { HubbleVerdictName as HubbleVerdict } from "@/lib/flows/flow";

export type HubbleTrafficDirection = "TRAFFIC_DIRECTION_UNKNOWN" | "INGRESS" | "EGRESS";

export interface HubbleWorkload {
  name: string;
  kind: string;
}

export interface HubbleEndpoint {
  ID?: number;
  identity?: number;
  cluster_name?: string;
  namespace?: string;
  labels?: string[];
  pod_name?: string;
  workloads?: HubbleWorkload[];
}

export type HubbleTCPFlags = TcpFlagRecord;

export interface HubbleLayer4 {
  TCP?: { source_port?: number; destination_port?: number; flags?: HubbleTCPFlags };
  UDP?: { source_port?: number; destination_port?: number };
  ICMPv4?: { type?: number; code?: number };
  ICMPv6?: { type?: number; code?: number };
  SCTP?: { source_port?: number; destination_port?: number };
}

export interface HubbleDNS {
  query?: string;
  ips?: string[];
  ttl?: number;
  cnames?: string[];
  observation_source?: string;
  rcode?: number;
  qtypes?: string[];
  rrtypes?: string[];
}

export interface HubbleHTTPHeader {
  key: string;
  value: string;
}

export interface HubbleHTTP {
  code?: number;
  method?: string;
  url?: string;
  protocol?: string;
  headers?: HubbleHTTPHeader[];
}

export interface HubbleLayer7 {
  type?: "UNKNOWN_L7_TYPE" | "REQUEST" | "RESPONSE" | "SAMPLE";
  latency_ns?: string;
  dns?: HubbleDNS;
  http?: HubbleHTTP;
}

export interface HubblePolicy {
  name?: string;
  namespace?: string;
  labels?: string[];
  revision?: string;
  kind?: string;
}

export interface HubbleService {
  name?: string;
  namespace?: string;
}

export interface HubbleFlowJson {
  /** RFC 3339 timestamp with nanoseconds, as protojson prints google.protobuf.Timestamp. */
  time: string;
  uuid?: string;
  verdict: HubbleVerdictName;
  /** Deprecated numeric drop reason; relays still send it beside drop_reason_desc. */
  drop_reason?: number;
  /** Name of a flow.DropReason value, e.g. "POLICY_DENIED". */
  drop_reason_desc?: string;
  ethernet?: { source?: string; destination?: string };
  IP?: {
    source?: string;
    destination?: string;
    ipVersion?: "IP_NOT_USED" | "IPv4" | "IPv6";
    encrypted?: boolean;
  };
  l4?: HubbleLayer4;
  source?: HubbleEndpoint;
  destination?: HubbleEndpoint;
  Type?: "UNKNOWN_TYPE" | "L3_L4" | "L7" | "SOCK";
  node_name?: string;
  node_labels?: string[];
  source_names?: string[];
  destination_names?: string[];
  l7?: HubbleLayer7;
  event_type?: { type?: number; sub_type?: number };
  source_service?: HubbleService;
  destination_service?: HubbleService;
  traffic_direction?: HubbleTrafficDirection;
  policy_match_type?: number;
  trace_observation_point?: string;
  is_reply?: boolean;
  proxy_port?: number;
  Summary?: string;
  egress_allowed_by?: HubblePolicy[];
  ingress_allowed_by?: HubblePolicy[];
  egress_denied_by?: HubblePolicy[];
  ingress_denied_by?: HubblePolicy[];
  /** Log lines of the policies with a log value that matched (flow.proto field 21006). */
  policy_log?: string[];
}
