// Hubble's drop reasons (flow.DropReason names) in plain words. Only a few mean "a policy said
// no"; the rest are datapath conditions that no policy change will fix.

export type DropSeverity = "critical" | "warning" | "info";

/** Reasons that come from policy: a rule denied the flow, or a rule demands authentication first. */
export const POLICY_DROP_REASONS: ReadonlySet<string> = new Set([
  "POLICY_DENIED",
  "POLICY_DENY",
  "AUTH_REQUIRED",
]);

export interface DropReasonExplanation {
  /** What happened, in plain words. */
  meaning: string;
  /** Where to look next. */
  check: string;
  severity: DropSeverity;
}

const AGENT_LOGS = "Check the Cilium agent on that node (cilium status, agent logs).";
const TRANSIENT = "Usually transient; look again if it keeps happening.";

const EXPLANATIONS: Record<string, DropReasonExplanation> = {
  CT_MAP_INSERTION_FAILED: {
    meaning: "The connection-tracking table is full, so Cilium could not track a new connection.",
    check: "Look for a connection flood, or raise the CT map size (bpf-ct-global-tcp-max / -any-max).",
    severity: "critical",
  },
  TTL_EXCEEDED: {
    meaning: "The packet's TTL ran out: a routing loop, or a traceroute probe.",
    check: "If it is not traceroute, look for a routing loop between nodes.",
    severity: "warning",
  },
  STALE_OR_UNROUTABLE_IP: {
    meaning:
      "The packet used an IP Cilium no longer knows, typically a pod that was just deleted or restarted.",
    check: TRANSIENT,
    severity: "info",
  },
  FIB_LOOKUP_FAILED: {
    meaning: "The node has no route to the destination (kernel FIB lookup failed).",
    check: "Check the node's routes and that the destination node or network is reachable.",
    severity: "warning",
  },
  SERVICE_BACKEND_NOT_FOUND: {
    meaning: "The Service has no ready backend to send the connection to.",
    check: "Check the Service's endpoints: are its pods running and ready?",
    severity: "warning",
  },
  UNKNOWN_CONNECTION_TRACKING_STATE: {
    meaning:
      "The packet matched no known connection, e.g. a late reply after the connection's entry expired.",
    check: TRANSIENT,
    severity: "info",
  },
  CT_MISSING_TCP_ACK_FLAG: {
    meaning: "A TCP packet without the ACK flag arrived for a connection Cilium did not see start.",
    check: TRANSIENT,
    severity: "info",
  },
  CT_TRUNCATED_OR_INVALID_HEADER: {
    meaning: "The packet's header was truncated or invalid.",
    check: "Look for a misbehaving client or a broken MTU.",
    severity: "info",
  },
  CT_UNKNOWN_L4_PROTOCOL: {
    meaning: "Connection tracking does not know the packet's transport protocol.",
    check: "Find the workload sending this protocol.",
    severity: "info",
  },
  CT_CANNOT_CREATE_ENTRY_FROM_PACKET: {
    meaning: "Connection tracking could not create an entry for this packet.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  CT_NO_MAP_FOUND: {
    meaning: "A connection-tracking map was missing.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  INVALID_SOURCE_MAC: {
    meaning: "The packet's source MAC address does not belong to the sending pod.",
    check: "Look for spoofing or a misconfigured interface.",
    severity: "warning",
  },
  INVALID_DESTINATION_MAC: {
    meaning: "The packet's destination MAC address is not the expected one.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  INVALID_SOURCE_IP: {
    meaning: "The packet's source IP does not belong to the sending pod (anti-spoofing).",
    check: "Look for a pod sending with another IP (a VPN or NAT inside the pod).",
    severity: "warning",
  },
  INVALID_PACKET_DROPPED: { meaning: "The packet was malformed.", check: TRANSIENT, severity: "info" },
  INVALID_IDENTITY: {
    meaning: "The packet carried a security identity Cilium does not know.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  UNSUPPORTED_L3_PROTOCOL: {
    meaning: "The network-layer protocol is not supported.",
    check: "Find the sender.",
    severity: "info",
  },
  UNSUPPORTED_L2_PROTOCOL: {
    meaning: "The link-layer protocol is not supported.",
    check: "Find the sender.",
    severity: "info",
  },
  UNKNOWN_L4_PROTOCOL: {
    meaning: "The transport protocol is not known to the datapath.",
    check: "Find the sender.",
    severity: "info",
  },
  UNKNOWN_L3_TARGET_ADDRESS: {
    meaning: "The target address is not known to the datapath.",
    check: AGENT_LOGS,
    severity: "info",
  },
  MISSED_TAIL_CALL: {
    meaning: "A Cilium datapath program was missing, typically while the agent restarts or upgrades.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  ERROR_WRITING_TO_PACKET: {
    meaning: "Cilium failed to rewrite the packet.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  UNKNOWN_ICMPV4_CODE: {
    meaning: "An ICMPv4 message with an unknown code.",
    check: TRANSIENT,
    severity: "info",
  },
  UNKNOWN_ICMPV4_TYPE: {
    meaning: "An ICMPv4 message of an unknown type.",
    check: TRANSIENT,
    severity: "info",
  },
  UNKNOWN_ICMPV6_CODE: {
    meaning: "An ICMPv6 message with an unknown code.",
    check: TRANSIENT,
    severity: "info",
  },
  UNKNOWN_ICMPV6_TYPE: {
    meaning: "An ICMPv6 message of an unknown type.",
    check: TRANSIENT,
    severity: "info",
  },
  FORBIDDEN_ICMPV6_MESSAGE: {
    meaning: "An ICMPv6 message that is not allowed.",
    check: TRANSIENT,
    severity: "info",
  },
  ERROR_RETRIEVING_TUNNEL_KEY: {
    meaning: "The tunnel key of an encapsulated packet could not be read.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  ERROR_RETRIEVING_TUNNEL_OPTIONS: {
    meaning: "The tunnel options of an encapsulated packet could not be read.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  INVALID_GENEVE_OPTION: {
    meaning: "An invalid Geneve tunnel option.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  INVALID_VNI: { meaning: "An invalid tunnel VNI.", check: AGENT_LOGS, severity: "warning" },
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT: {
    meaning: "There is no tunnel endpoint for the destination node.",
    check: "Check that the destination node is up and known to Cilium (cilium node list).",
    severity: "warning",
  },
  ENCAPSULATION_TRAFFIC_IS_PROHIBITED: {
    meaning: "Encapsulated traffic is not allowed here.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  NO_MATCHING_LOCAL_CONTAINER_FOUND: {
    meaning: "The destination pod is not (or no longer) on this node.",
    check: TRANSIENT,
    severity: "info",
  },
  ERROR_WHILE_CORRECTING_L3_CHECKSUM: {
    meaning: "Cilium failed to fix the IP checksum.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  ERROR_WHILE_CORRECTING_L4_CHECKSUM: {
    meaning: "Cilium failed to fix the TCP/UDP checksum.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  INVALID_IPV6_EXTENSION_HEADER: {
    meaning: "An invalid IPv6 extension header.",
    check: TRANSIENT,
    severity: "info",
  },
  IP_FRAGMENTATION_NOT_SUPPORTED: {
    meaning: "A fragmented IP packet, which this datapath does not handle.",
    check: "Check the MTU along the path.",
    severity: "warning",
  },
  FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND: {
    meaning: "A fragment arrived without its first fragment.",
    check: "Check the MTU along the path.",
    severity: "info",
  },
  FAILED_TO_INSERT_INTO_PROXYMAP: {
    meaning: "The connection could not be redirected to the L7 proxy (proxy map full).",
    check: AGENT_LOGS,
    severity: "warning",
  },
  PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL: {
    meaning: "An L7 rule asked to proxy a protocol the proxy cannot handle.",
    check: "Check the L7 rules of the policies selecting these pods.",
    severity: "warning",
  },
  REACHED_EDT_RATE_LIMITING_DROP_HORIZON: {
    meaning: "The pod exceeded its bandwidth limit (egress rate limiting).",
    check: "Check the pod's kubernetes.io/egress-bandwidth annotation.",
    severity: "info",
  },
  LOCAL_HOST_IS_UNREACHABLE: {
    meaning: "The node itself was unreachable.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION: {
    meaning:
      "The pod had no policy computed yet (it had just started), so Cilium dropped its traffic until ready.",
    check: TRANSIENT,
    severity: "info",
  },
  NO_MAPPING_FOR_NAT_MASQUERADE: {
    meaning: "No NAT mapping was found for the reply of a masqueraded connection.",
    check: TRANSIENT,
    severity: "info",
  },
  UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE: {
    meaning: "The protocol cannot be masqueraded.",
    check: "Find the sender.",
    severity: "info",
  },
  SNAT_NO_MAP_FOUND: { meaning: "The source-NAT map was missing.", check: AGENT_LOGS, severity: "warning" },
  NAT_NOT_NEEDED: {
    meaning: "The packet did not need NAT and was dropped on that path.",
    check: TRANSIENT,
    severity: "info",
  },
  IS_A_CLUSTERIP: {
    meaning:
      "Traffic reached a ClusterIP without being translated to a backend (ClusterIPs only work inside the cluster).",
    check: "Use the Service's name from a pod, or a NodePort/LoadBalancer from outside.",
    severity: "info",
  },
  DENIED_BY_LB_SRC_RANGE_CHECK: {
    meaning: "The source is not in the Service's loadBalancerSourceRanges.",
    check: "Check the Service's loadBalancerSourceRanges.",
    severity: "info",
  },
  UNKNOWN_SENDER: {
    meaning: "The packet came from a sender Cilium does not know.",
    check: AGENT_LOGS,
    severity: "info",
  },
  SOCKET_LOOKUP_FAILED: {
    meaning: "The proxy's socket lookup failed.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  SOCKET_ASSIGN_FAILED: {
    meaning: "The proxy's socket assignment failed.",
    check: AGENT_LOGS,
    severity: "warning",
  },
  VLAN_FILTERED: {
    meaning: "The packet's VLAN is filtered.",
    check: "Check the VLAN settings.",
    severity: "info",
  },
  INVALID_TC_BUFFER: { meaning: "An invalid packet buffer.", check: AGENT_LOGS, severity: "warning" },
  NO_SID: { meaning: "No SRv6 segment identifier was found.", check: AGENT_LOGS, severity: "info" },
  MISSING_SRV6_STATE: { meaning: "SRv6 state was missing.", check: AGENT_LOGS, severity: "info" },
  NAT46: { meaning: "NAT46 translation failed.", check: AGENT_LOGS, severity: "info" },
  NAT64: { meaning: "NAT64 translation failed.", check: AGENT_LOGS, severity: "info" },
  INVALID_CLUSTER_ID: {
    meaning: "An invalid cluster id (cluster mesh).",
    check: AGENT_LOGS,
    severity: "warning",
  },
  UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP: {
    meaning: "The protocol cannot be load-balanced with DSR encapsulation.",
    check: "Check the load-balancer mode.",
    severity: "info",
  },
  NO_EGRESS_GATEWAY: {
    meaning: "An egress-gateway policy matched, but no gateway node is available.",
    check: "Check the CiliumEgressGatewayPolicy and that its gateway node is up.",
    severity: "warning",
  },
  NO_NODE_ID: { meaning: "The destination node has no node id yet.", check: TRANSIENT, severity: "info" },
  DROP_HOST_NOT_READY: {
    meaning: "The node's host endpoint was not ready (the Cilium agent was starting).",
    check: TRANSIENT,
    severity: "info",
  },
  DROP_EP_NOT_READY: {
    meaning: "The pod's endpoint was not ready yet (the pod had just been created).",
    check: TRANSIENT,
    severity: "info",
  },
};

export function isPolicyDropReason(reason: string | null): boolean {
  return reason !== null && POLICY_DROP_REASONS.has(reason);
}

/** True when Hubble reported no usable reason, so the drop may still be a policy drop. */
export function isUnreportedDropReason(reason: string | null): boolean {
  return reason === null || reason === "" || reason === "DROP_REASON_UNKNOWN";
}

/** The plain explanation of a non-policy drop reason; unknown names fall back to the name itself. */
export function explainDropReason(reason: string): DropReasonExplanation {
  const known = Object.hasOwn(EXPLANATIONS, reason) ? EXPLANATIONS[reason] : undefined;
  return known ?? { meaning: `Dropped by the datapath: ${reason}.`, check: AGENT_LOGS, severity: "warning" };
}
