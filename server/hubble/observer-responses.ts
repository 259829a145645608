import "server-only";
import type { WireLostEvent, WireNodeStatus } from "./wire-flow";

// The observer's non-flow answers, turned from proto-loader's objects into plain shapes with
// protojson's names (64-bit counters stay decimal strings) and every field present.

/** relay.NodeStatusEvent: nodes the relay connected to or lost. */
export interface NodeStatusJson {
  state_change: string;
  node_names: string[];
  message: string;
}

/** flow.LostEvent: flows a buffer dropped before they reached us. */
export interface LostEventsJson {
  source: string;
  num_events_lost: string;
  cpu: number | null;
}

/** observer.ServerStatusResponse, 64-bit counters as decimal strings like protojson. */
export interface ServerStatusJson {
  num_flows: string;
  max_flows: string;
  seen_flows: string;
  uptime_ns: string;
  num_connected_nodes: number | null;
  num_unavailable_nodes: number | null;
  unavailable_nodes: string[];
  version: string;
  flows_rate: number;
}

/** observer.Node (`hubble list nodes`), 64-bit counters as decimal strings like protojson. */
export interface NodeJson {
  name: string;
  version: string;
  address: string;
  /** relay.NodeState name, e.g. NODE_CONNECTED or NODE_UNAVAILABLE. */
  state: string;
  tls: { enabled: boolean; server_name: string };
  uptime_ns: string;
  num_flows: string;
  max_flows: string;
  seen_flows: string;
}

export interface NamespaceJson {
  cluster: string;
  namespace: string;
}

export function toNodeStatus(wire: WireNodeStatus): NodeStatusJson {
  return {
    state_change: typeof wire.state_change === "string" ? wire.state_change : "UNKNOWN_NODE_STATE",
    node_names: wire.node_names ?? [],
    message: wire.message ?? "",
  };
}

export function toLostEvents(wire: WireLostEvent): LostEventsJson {
  return {
    source: typeof wire.source === "string" ? wire.source : "UNKNOWN_LOST_EVENT_SOURCE",
    num_events_lost: String(wire.num_events_lost ?? "0"),
    cpu: wire.cpu ? (wire.cpu.value ?? 0) : null,
  };
}

export interface WireServerStatus {
  num_flows?: string;
  max_flows?: string;
  seen_flows?: string;
  uptime_ns?: string;
  num_connected_nodes?: { value?: number };
  num_unavailable_nodes?: { value?: number };
  unavailable_nodes?: string[];
  version?: string;
  flows_rate?: number;
}

export function toServerStatus(wire: WireServerStatus): ServerStatusJson {
  return {
    num_flows: wire.num_flows ?? "0",
    max_flows: wire.max_flows ?? "0",
    seen_flows: wire.seen_flows ?? "0",
    uptime_ns: wire.uptime_ns ?? "0",
    num_connected_nodes: wire.num_connected_nodes ? (wire.num_connected_nodes.value ?? 0) : null,
    num_unavailable_nodes: wire.num_unavailable_nodes ? (wire.num_unavailable_nodes.value ?? 0) : null,
    unavailable_nodes: wire.unavailable_nodes ?? [],
    version: wire.version ?? "",
    flows_rate: wire.flows_rate ?? 0,
  };
}

export interface WireGetNamespacesResponse {
  namespaces?: Partial<NamespaceJson>[];
}

export function toNamespaces(wire: WireGetNamespacesResponse): NamespaceJson[] {
  return (wire.namespaces ?? []).map((ns) => ({ cluster: ns.cluster ?? "", namespace: ns.namespace ?? "" }));
}

export interface WireGetNodesResponse {
  nodes?: {
    name?: string;
    version?: string;
    address?: string;
    state?: string | number;
    tls?: { enabled?: boolean; server_name?: string };
    uptime_ns?: string;
    num_flows?: string;
    max_flows?: string;
    seen_flows?: string;
  }[];
}

export function toNodes(wire: WireGetNodesResponse): NodeJson[] {
  return (wire.nodes ?? []).map((node) => ({
    name: node.name ?? "",
    version: node.version ?? "",
    address: node.address ?? "",
    state: typeof node.state === "string" ? node.state : "UNKNOWN_NODE_STATE",
    tls: { enabled: node.tls?.enabled ?? false, server_name: node.tls?.server_name ?? "" },
    uptime_ns: node.uptime_ns ?? "0",
    num_flows: node.num_flows ?? "0",
    max_flows: node.max_flows ?? "0",
    seen_flows: node.seen_flows ?? "0",
  }));
}
