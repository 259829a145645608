import "server-only";
import {
  HUBBLE_VERDICTS,
  type HubbleFlowJson,
  type HubbleLayer4,
  type HubbleLayer7,
  type HubblePolicy,
  type HubbleTrafficDirection,
  type HubbleVerdict,
} from "@/lib/hubble/flow-json";
import { formatTimestamp, parseTimestamp } from "@/lib/hubble/timestamp";
import type { WireFlow, WireLayer4, WireLayer7, WirePolicy, WireTimestamp } from "./wire-flow";

const VERDICTS: readonly HubbleVerdict[] = HUBBLE_VERDICTS;
const DIRECTIONS: readonly HubbleTrafficDirection[] = ["TRAFFIC_DIRECTION_UNKNOWN", "INGRESS", "EGRESS"];
const FLOW_TYPES = ["UNKNOWN_TYPE", "L3_L4", "L7", "SOCK"] as const;
const IP_VERSIONS = ["IP_NOT_USED", "IPv4", "IPv6"] as const;
const L7_TYPES = ["UNKNOWN_L7_TYPE", "REQUEST", "RESPONSE", "SAMPLE"] as const;

/** The enum's name when it is one we know; values added upstream after our proto arrive as numbers. */
function known<T extends string>(value: string | number | undefined, names: readonly T[]): T | undefined {
  return typeof value === "string" && (names as readonly string[]).includes(value) ? (value as T) : undefined;
}

function named(value: string | number | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Drops keys whose value is undefined, so both shapes look like protojson output. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** JS dates end at ±8.64e15 ms; a relay bug beyond that must not break the stream. */
const MAX_SECONDS = 8.64e12;

export function wireTimestampToText(timestamp: WireTimestamp | undefined): string {
  const seconds = Number(timestamp?.seconds ?? 0);
  const nanos = timestamp?.nanos ?? 0;
  const valid = Number.isInteger(seconds) && Math.abs(seconds) <= MAX_SECONDS && nanos >= 0 && nanos < 1e9;
  return formatTimestamp(valid ? { seconds, nanos } : { seconds: 0, nanos: 0 });
}

export function textToWireTimestamp(text: string): WireTimestamp {
  const timestamp = parseTimestamp(text);
  if (!timestamp) throw new Error(`flow time "${text}" is not an RFC 3339 timestamp`);
  return { seconds: String(timestamp.seconds), nanos: timestamp.nanos };
}

function layer4FromWire(l4: WireLayer4 | undefined): HubbleLayer4 | undefined {
  if (!l4) return undefined;
  const { TCP, UDP, ICMPv4, ICMPv6, SCTP } = l4;
  return compact({ TCP, UDP, ICMPv4, ICMPv6, SCTP });
}

function layer7FromWire(l7: WireLayer7 | undefined): HubbleLayer7 | undefined {
  if (!l7) return undefined;
  return compact({
    type: known(l7.type, L7_TYPES),
    latency_ns: l7.latency_ns === undefined ? undefined : String(l7.latency_ns),
    dns: l7.dns,
    http: l7.http,
  });
}

function policiesFromWire(policies: WirePolicy[] | undefined): HubblePolicy[] | undefined {
  return policies?.map((p) =>
    compact({ ...p, revision: p.revision === undefined ? undefined : String(p.revision) }),
  );
}

/** A flow as decoded from the relay, in the shape `hubble observe -o json` prints. */
export function wireToFlowJson(wire: WireFlow): HubbleFlowJson {
  return compact({
    time: wireTimestampToText(wire.time),
    uuid: wire.uuid,
    verdict: known(wire.verdict, VERDICTS) ?? "VERDICT_UNKNOWN",
    drop_reason: wire.drop_reason,
    drop_reason_desc: named(wire.drop_reason_desc),
    ethernet: wire.ethernet,
    IP: wire.IP && compact({ ...wire.IP, ipVersion: known(wire.IP.ipVersion, IP_VERSIONS) }),
    l4: layer4FromWire(wire.l4),
    source: wire.source,
    destination: wire.destination,
    Type: known(wire.Type, FLOW_TYPES),
    node_name: wire.node_name,
    node_labels: wire.node_labels,
    source_names: wire.source_names,
    destination_names: wire.destination_names,
    l7: layer7FromWire(wire.l7),
    event_type: wire.event_type,
    source_service: wire.source_service,
    destination_service: wire.destination_service,
    traffic_direction: known(wire.traffic_direction, DIRECTIONS),
    policy_match_type: wire.policy_match_type,
    trace_observation_point: named(wire.trace_observation_point),
    // A BoolValue holding false arrives as an empty message: presence is what says "known".
    is_reply: wire.is_reply ? wire.is_reply.value === true : undefined,
    proxy_port: wire.proxy_port,
    Summary: wire.Summary,
    egress_allowed_by: policiesFromWire(wire.egress_allowed_by),
    ingress_allowed_by: policiesFromWire(wire.ingress_allowed_by),
    egress_denied_by: policiesFromWire(wire.egress_denied_by),
    ingress_denied_by: policiesFromWire(wire.ingress_denied_by),
    policy_log: wire.policy_log && wire.policy_log.length > 0 ? wire.policy_log : undefined,
  });
}

/** The flow.Flow message to send for a flow in `hubble observe -o json` shape (the demo relay's side). */
export function flowJsonToWire(json: HubbleFlowJson): WireFlow {
  const { time, is_reply, ...rest } = json;
  return compact({
    ...rest,
    time: textToWireTimestamp(time),
    is_reply: is_reply === undefined ? undefined : { value: is_reply },
  });
}
