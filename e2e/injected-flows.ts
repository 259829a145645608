// Flows the e2e journeys inject into the demo relay (POST /flows of its control server), as
// `hubble observe -o json` writes them.

/** A SYN from linkding's pod to a world address on `port`, dropped by policy. */
export function linkdingDropToWorld(uuid: string, port: number, at: Date) {
  return {
    time: at.toISOString(),
    uuid,
    verdict: "DROPPED",
    drop_reason_desc: "POLICY_DENIED",
    IP: { source: "10.244.2.40", destination: "203.0.113.7", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 41234, destination_port: port, flags: { SYN: true } } },
    source: {
      ID: 901,
      identity: 40901,
      namespace: "linkding",
      labels: ["k8s:app.kubernetes.io/name=linkding", "k8s:io.kubernetes.pod.namespace=linkding"],
      pod_name: "linkding-0",
    },
    destination: { identity: 2, labels: ["reserved:world"] },
    Type: "L3_L4",
    node_name: "homelab/node-1",
    destination_names: ["e2e.example.com"],
    event_type: { type: 1, sub_type: 133 },
    traffic_direction: "EGRESS",
    is_reply: false,
    Summary: "TCP Flags: SYN",
  };
}
