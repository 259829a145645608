import "server-only";
import type { HubbleEndpoint, HubbleFlowJson, HubblePolicy, HubbleTCPFlags } from "@/lib/hubble/flow-json";
import { CLUSTER_NAME } from "./homelab-constants";
import type { HubblePolicyRef } from "./policy-verdict";
import type { TrafficPeer } from "./traffic-peers";

// Pieces of Hubble flows as `hubble observe -o json` prints them: endpoints, event types,
// observation points, summaries.

export type ObservationPoint = "TO_ENDPOINT" | "TO_PROXY" | "TO_HOST" | "TO_STACK" | "TO_OVERLAY";

/** Trace notification subtypes (Cilium's TRACE_TO_*), the event_type.sub_type of trace events. */
const TRACE_SUB_TYPE: Record<ObservationPoint, number> = {
  TO_ENDPOINT: 0,
  TO_PROXY: 1,
  TO_HOST: 2,
  TO_STACK: 3,
  TO_OVERLAY: 4,
};

/** flow.DropReason numbers, which drop events carry as event_type.sub_type. */
export const DROP_REASON_CODES = {
  POLICY_DENIED: 133,
  STALE_OR_UNROUTABLE_IP: 151,
  CT_MAP_INSERTION_FAILED: 155,
  POLICY_DENY: 181,
  TTL_EXCEEDED: 196,
} as const;

export type DropReasonName = keyof typeof DROP_REASON_CODES;

/** Cilium's monitor event types. */
export const EVENT_DROP = 1;
export const EVENT_TRACE = 4;
export const EVENT_L7 = 129;

export function traceEvent(point: ObservationPoint): HubbleFlowJson["event_type"] {
  const sub = TRACE_SUB_TYPE[point];
  return sub === 0 ? { type: EVENT_TRACE } : { type: EVENT_TRACE, sub_type: sub };
}

export function dropEvent(reason: DropReasonName): HubbleFlowJson["event_type"] {
  return { type: EVENT_DROP, sub_type: DROP_REASON_CODES[reason] };
}

export function nodeName(node: string): string {
  return `${CLUSTER_NAME}/${node}`;
}

/** The endpoint as Hubble reports it on `observedOn`: only endpoints local to that node have an ID. */
export function endpointJson(peer: TrafficPeer, observedOn: string): HubbleEndpoint {
  switch (peer.kind) {
    case "pod":
      return {
        ...(peer.node === observedOn ? { ID: peer.endpointId } : {}),
        identity: peer.identity,
        cluster_name: CLUSTER_NAME,
        namespace: peer.namespace,
        labels: peer.ciliumLabels,
        pod_name: peer.name,
        ...(peer.workload ? { workloads: [peer.workload] } : {}),
      };
    case "world":
      return { identity: 2, labels: ["reserved:world"] };
    case "kube-apiserver":
      return { identity: 7, labels: ["reserved:kube-apiserver"] };
    case "host":
      return { identity: 1, labels: ["reserved:host"] };
    case "remote-node":
      return { identity: 6, labels: ["reserved:remote-node"] };
    case "link-local":
      // The local CIDR identity Cilium allocates for the baseline's fromCIDR 169.254.0.0/16.
      return { identity: 16_777_217, labels: ["cidr:169.254.0.0/16", "reserved:world"] };
  }
}

export function flagsSummary(flags: HubbleTCPFlags): string {
  const names = (["SYN", "ACK", "PSH", "FIN", "RST"] as const).filter((name) => flags[name]);
  return `TCP Flags: ${names.join(", ")}`;
}

export function policyJson(ref: HubblePolicyRef): HubblePolicy {
  return {
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    kind: ref.kind,
    labels: [
      `k8s:io.cilium.k8s.policy.derived-from=${ref.kind}`,
      `k8s:io.cilium.k8s.policy.name=${ref.name}`,
      ...(ref.namespace ? [`k8s:io.cilium.k8s.policy.namespace=${ref.namespace}`] : []),
    ],
  };
}
