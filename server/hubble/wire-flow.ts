import "server-only";
import type {
  HubbleEndpoint,
  HubbleHTTP,
  HubbleDNS,
  HubbleLayer4,
  HubblePolicy,
  HubbleService,
} from "@/lib/hubble/flow-json";

// flow.Flow as @grpc/proto-loader hands it over with Sieve's options (keepCase, enums as names,
// 64-bit integers as strings, no defaults, oneof names): nearly protojson, except for the
// well-known types, the oneof marker fields, and enum values this proto subset does not name,
// which arrive as numbers.

export interface WireTimestamp {
  seconds?: string | number;
  nanos?: number;
}

export interface WireBoolValue {
  value?: boolean;
}

type WireEnum = string | number;

export interface WireLayer4 extends HubbleLayer4 {
  /** Which member of the `protocol` oneof is set. */
  protocol?: string;
}

export interface WireLayer7 {
  type?: WireEnum;
  latency_ns?: string | number;
  dns?: HubbleDNS;
  http?: HubbleHTTP;
  /** Which member of the `record` oneof is set. */
  record?: string;
}

export interface WireFlow {
  time?: WireTimestamp;
  uuid?: string;
  verdict?: WireEnum;
  drop_reason?: number;
  ethernet?: { source?: string; destination?: string };
  IP?: { source?: string; destination?: string; ipVersion?: WireEnum; encrypted?: boolean };
  l4?: WireLayer4;
  source?: HubbleEndpoint;
  destination?: HubbleEndpoint;
  Type?: WireEnum;
  node_name?: string;
  node_labels?: string[];
  source_names?: string[];
  destination_names?: string[];
  l7?: WireLayer7;
  reply?: boolean;
  event_type?: { type?: number; sub_type?: number };
  source_service?: HubbleService;
  destination_service?: HubbleService;
  traffic_direction?: WireEnum;
  policy_match_type?: number;
  trace_observation_point?: WireEnum;
  drop_reason_desc?: WireEnum;
  is_reply?: WireBoolValue;
  proxy_port?: number;
  Summary?: string;
  egress_allowed_by?: WirePolicy[];
  ingress_allowed_by?: WirePolicy[];
  egress_denied_by?: WirePolicy[];
  ingress_denied_by?: WirePolicy[];
  policy_log?: string[];
}

export interface WirePolicy extends Omit<HubblePolicy, "revision"> {
  revision?: string | number;
}

export interface WireNodeStatus {
  state_change?: WireEnum;
  node_names?: string[];
  message?: string;
}

export interface WireLostEvent {
  source?: WireEnum;
  num_events_lost?: string | number;
  cpu?: { value?: number };
}

export interface WireGetFlowsResponse {
  flow?: WireFlow;
  node_status?: WireNodeStatus;
  lost_events?: WireLostEvent;
  response_types?: string;
  node_name?: string;
  time?: WireTimestamp;
}
