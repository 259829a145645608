// A Hubble FlowFilter (cilium's api/v1/flow/flow.proto) with proto field names, as
// @grpc/proto-loader decodes it (enums as their names) and as `hubble observe --allowlist` takes it.
// All set fields must match (AND); within a field any value may match (OR).

import type { TcpFlagRecord } from "@/lib/flows/flow";
import type { HubbleTrafficDirection, HubbleVerdict } from "./flow-json";

export interface FlowFilterWorkloadJson {
  name?: string;
  kind?: string;
}

export interface EventTypeFilterJson {
  type?: number;
  match_sub_type?: boolean;
  sub_type?: number;
}

export type TCPFlagsFilterJson = TcpFlagRecord;

export type IPVersionName = "IP_NOT_USED" | "IPv4" | "IPv6";

export interface FlowFilterJson {
  uuid?: string[];
  source_ip?: string[];
  source_pod?: string[];
  source_fqdn?: string[];
  source_label?: string[];
  source_service?: string[];
  source_workload?: FlowFilterWorkloadJson[];
  destination_ip?: string[];
  destination_pod?: string[];
  destination_fqdn?: string[];
  destination_label?: string[];
  destination_service?: string[];
  destination_workload?: FlowFilterWorkloadJson[];
  traffic_direction?: HubbleTrafficDirection[];
  verdict?: HubbleVerdict[];
  event_type?: EventTypeFilterJson[];
  http_status_code?: string[];
  protocol?: string[];
  source_port?: string[];
  destination_port?: string[];
  reply?: boolean[];
  dns_query?: string[];
  source_identity?: number[];
  destination_identity?: number[];
  http_method?: string[];
  http_path?: string[];
  tcp_flags?: TCPFlagsFilterJson[];
  node_name?: string[];
  ip_version?: IPVersionName[];
  trace_id?: string[];
}
