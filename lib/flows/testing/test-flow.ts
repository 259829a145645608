import type { Flow, FlowPeer } from "../flow";

// Builders for tests: a plausible flow with only the fields a test cares about overridden.

export function testPeer(overrides: Partial<FlowPeer> = {}): FlowPeer {
  return {
    namespace: "app",
    pod: "web-0",
    workload: "web",
    labels: {},
    identity: 1000,
    reserved: null,
    ip: "10.244.0.10",
    dnsNames: [],
    ...overrides,
  };
}

export function testFlow(overrides: Partial<Flow> = {}): Flow {
  return {
    id: "f-1",
    time: 1_700_000_000_000,
    verdict: "FORWARDED",
    dropReason: null,
    direction: "egress",
    isReply: false,
    source: testPeer(),
    destination: testPeer({
      namespace: "database",
      pod: "postgres-0",
      workload: "postgres",
      ip: "10.244.1.5",
    }),
    protocol: "TCP",
    sourcePort: 40000,
    destinationPort: 5432,
    tcpFlags: ["SYN"],
    eventType: "trace",
    observationPoint: null,
    l7: null,
    node: "node-1",
    policies: { egressAllowedBy: [], ingressAllowedBy: [], egressDeniedBy: [], ingressDeniedBy: [] },
    policyLog: [],
    summary: "TCP Flags: SYN",
    ...overrides,
  };
}
