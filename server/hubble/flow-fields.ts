import "server-only";
import { loadObserverProto } from "./observer-proto";

// The field numbers of Sieve's Hubble proto that the direct flow decoder reads, checked once
// against the loaded proto so that the two cannot drift apart.

export const GET_FLOWS_RESPONSE = { flow: 1, node_name: 1000 } as const;

export const FLOW = {
  time: 1,
  uuid: 34,
  verdict: 2,
  IP: 5,
  l4: 6,
  source: 8,
  destination: 9,
  node_name: 11,
  source_names: 13,
  destination_names: 14,
  l7: 15,
  event_type: 19,
  traffic_direction: 22,
  trace_observation_point: 24,
  drop_reason_desc: 25,
  is_reply: 26,
  Summary: 100000,
  egress_allowed_by: 21001,
  ingress_allowed_by: 21002,
  egress_denied_by: 21004,
  ingress_denied_by: 21005,
  policy_log: 21006,
} as const;

export const TIMESTAMP = { seconds: 1, nanos: 2 } as const;
export const IP = { source: 1, destination: 2 } as const;
export const ENDPOINT = { identity: 2, namespace: 3, labels: 4, pod_name: 5, workloads: 6 } as const;
export const WORKLOAD = { name: 1 } as const;
export const L4 = { TCP: 1, UDP: 2, ICMPv4: 3, ICMPv6: 4, SCTP: 5 } as const;
export const PORTS = { source_port: 1, destination_port: 2 } as const;
export const TCP = { flags: 3 } as const;
export const TCP_FLAGS = { FIN: 1, SYN: 2, RST: 3, PSH: 4, ACK: 5, URG: 6, ECE: 7, CWR: 8, NS: 9 } as const;
export const EVENT_TYPE = { type: 1 } as const;
export const L7 = { type: 1, dns: 100, http: 101 } as const;
export const DNS = { query: 1, ips: 2, rcode: 6, qtypes: 7 } as const;
export const HTTP = { code: 1, method: 2, url: 3, protocol: 4 } as const;
export const POLICY = { name: 1, namespace: 2, labels: 3 } as const;
export const BOOL_VALUE = { value: 1 } as const;

/** A field's tag: its number and wire type, as the varint that starts it on the wire. */
export function tagOf(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

interface MessageDefinition {
  type?: { field?: { name?: string; number?: number }[] };
}

function checkFieldNumbers(typeName: string, numbers: Readonly<Record<string, number>>): void {
  const definition = loadObserverProto().packageDefinition[typeName] as MessageDefinition | undefined;
  const fields = new Map((definition?.type?.field ?? []).map((field) => [field.name, field.number]));
  for (const [name, number] of Object.entries(numbers)) {
    if (fields.get(name) !== number) {
      throw new Error(`${typeName}.${name} is not field ${number} in Sieve's Hubble proto`);
    }
  }
}

let checked = false;

/** Throws when a field the direct decoder reads has another number in the loaded proto. */
export function checkFlowFieldNumbers(): void {
  if (checked) return;
  checkFieldNumbers("observer.GetFlowsResponse", GET_FLOWS_RESPONSE);
  checkFieldNumbers("flow.Flow", FLOW);
  checkFieldNumbers("google.protobuf.Timestamp", TIMESTAMP);
  checkFieldNumbers("flow.IP", IP);
  checkFieldNumbers("flow.Endpoint", ENDPOINT);
  checkFieldNumbers("flow.Workload", WORKLOAD);
  checkFieldNumbers("flow.Layer4", L4);
  for (const protocol of ["flow.TCP", "flow.UDP", "flow.SCTP"]) checkFieldNumbers(protocol, PORTS);
  checkFieldNumbers("flow.TCP", TCP);
  checkFieldNumbers("flow.TCPFlags", TCP_FLAGS);
  checkFieldNumbers("flow.CiliumEventType", EVENT_TYPE);
  checkFieldNumbers("flow.Layer7", L7);
  checkFieldNumbers("flow.DNS", DNS);
  checkFieldNumbers("flow.HTTP", HTTP);
  checkFieldNumbers("flow.Policy", POLICY);
  checkFieldNumbers("google.protobuf.BoolValue", BOOL_VALUE);
  checked = true;
}
