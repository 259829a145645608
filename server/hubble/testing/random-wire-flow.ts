import "server-only";
import type { HubbleEndpoint, HubblePolicy } from "@/lib/hubble/flow-json";
import type { Random } from "@/server/demo/scenario/stable-random";
import type { WireFlow, WireLayer4, WireLayer7 } from "../wire-flow";

// flow.Flow messages (as proto-loader encodes them) with every field Sieve reads, and some it
// skips, set or not at random, with the values a relay may send that a well-behaved one would
// not: enum numbers newer than Sieve's proto, zero values sent explicitly, several members of a
// oneof, timestamps out of range, text beyond ASCII.

const NAMES = ["", "web", "api", "postgres-0", "ünïcode-✓", "a=b:c", "k8s:x"];
const NAMESPACES = ["", "shop", "database", "kube-system", "monitoring", "blog"];
const LABELS = [
  "k8s:app=web",
  "k8s:app.kubernetes.io/name=api",
  "k8s:io.kubernetes.pod.namespace=shop",
  "reserved:world",
  "reserved:host",
  "reserved:kube-apiserver",
  "reserved:remote-node",
  "reserved:world-ipv6",
  "cidr:10.0.0.0/8",
  "example.com:tier=db",
  "k8s:=empty-key",
  "k8s:team=émoji-🚀",
  "plain",
];
const IPS = ["", "10.244.1.23", "10.244.2.41", "140.82.112.6", "fd00::1", "192.168.1.10"];
const DNS_NAMES = ["api.github.com", "grafana.com", "ünï.example"];
const SUMMARIES = ["", "TCP Flags: SYN", "UDP", 'DNS Answer "x." TTL: 30 (Proxy x. A)', "HTTP/1.1 GET ✓"];
const NODES = ["", "homelab-worker-1", "homelab-worker-2", "nøde"];
const POLICY_LABELS = [
  "k8s:io.cilium.k8s.policy.name=from-label",
  "k8s:io.cilium.k8s.policy.namespace=shop",
  "k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy",
];
/** Known values, zero, and values past Sieve's proto, for each enum the decoder reads. */
const VERDICTS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 42];
const DROP_REASONS = [0, 130, 133, 181, 202, 203, 159, 250, 1000];
const DIRECTIONS = [0, 1, 2, 3];
const L7_TYPES = [0, 1, 2, 3, 4];
const SECONDS = [
  "1747213923",
  "0",
  "-1",
  "1",
  "-62135596800",
  "-62167219200",
  "-62167219201",
  "253402300799",
  "253402300800",
  "99999999999999999",
  "-8640000000001",
];
const NANOS = [0, 1, 999_999_999, 482_915_307, 500_000_000, 19_384_000, -5, 1_000_000_000];

function maybe<T>(random: Random, make: () => T, probability = 0.5): T | undefined {
  return random.chance(probability) ? make() : undefined;
}

function some<T>(random: Random, items: readonly T[], max: number): T[] {
  return Array.from({ length: random.int(0, max) }, () => random.pick(items));
}

function endpoint(random: Random): HubbleEndpoint {
  return {
    ID: maybe(random, () => random.int(0, 4000)),
    identity: maybe(random, () => random.pick([0, 1, 2, 4, 6, 7, 9, 10, 48213, 4_294_967_295])),
    cluster_name: maybe(random, () => "homelab"),
    namespace: maybe(random, () => random.pick(NAMESPACES)),
    labels: maybe(random, () => some(random, LABELS, 4)),
    pod_name: maybe(random, () => random.pick(NAMES)),
    workloads: maybe(random, () =>
      some(random, NAMES, 2).map((name) => ({ name, kind: random.pick(["Deployment", "StatefulSet", ""]) })),
    ),
  };
}

function ports(random: Random): { source_port?: number; destination_port?: number } {
  return {
    source_port: maybe(random, () => random.pick([0, 53, 443, 5432, 48512, 65535, 4_294_967_295])),
    destination_port: maybe(random, () => random.pick([0, 53, 443, 6443, 3900])),
  };
}

function layer4(random: Random): WireLayer4 {
  const l4: WireLayer4 = {};
  // Usually one protocol, sometimes none or several (the generic decoder keeps them all).
  const count = random.pick([0, 1, 1, 1, 1, 2, 3]);
  for (let i = 0; i < count; i++) {
    switch (random.int(0, 4)) {
      case 0:
        l4.TCP = { ...ports(random), flags: maybe(random, () => ({ SYN: true, ACK: random.chance(0.5) })) };
        break;
      case 1:
        l4.UDP = ports(random);
        break;
      case 2:
        l4.SCTP = ports(random);
        break;
      case 3:
        l4.ICMPv4 = { type: random.int(0, 8), code: maybe(random, () => random.int(0, 3)) };
        break;
      default:
        l4.ICMPv6 = { type: random.pick([128, 129, 135]) };
    }
  }
  return l4;
}

function layer7(random: Random): WireLayer7 {
  return {
    type: maybe(random, () => random.pick(L7_TYPES)),
    latency_ns: maybe(random, () => String(random.int(0, 5_000_000))),
    dns: maybe(random, () => ({
      query: maybe(random, () => random.pick(DNS_NAMES)),
      ips: maybe(random, () => some(random, IPS, 3)),
      ttl: maybe(random, () => 30),
      rcode: maybe(random, () => random.pick([0, 3])),
      qtypes: maybe(random, () => some(random, ["A", "AAAA"], 2)),
      rrtypes: maybe(random, () => ["A"]),
    })),
    http: maybe(random, () => ({
      code: maybe(random, () => random.pick([0, 200, 403])),
      method: maybe(random, () => random.pick(["GET", "POST"])),
      url: maybe(random, () => random.pick(["http://shop/cart", "/ünï"])),
      protocol: maybe(random, () => "HTTP/1.1"),
      headers: maybe(random, () => [{ key: "x", value: "y" }]),
    })),
  };
}

function policy(random: Random): HubblePolicy {
  return {
    name: maybe(random, () => random.pick(["", "postgres-ingress", "allow-dns"])),
    namespace: maybe(random, () => random.pick(["", "database", "kube-system"])),
    labels: maybe(random, () => some(random, POLICY_LABELS, 3)),
    revision: maybe(random, () => String(random.int(1, 30))),
    kind: maybe(random, () => "CiliumNetworkPolicy"),
  };
}

function policies(random: Random): HubblePolicy[] | undefined {
  return maybe(random, () => Array.from({ length: random.int(1, 2) }, () => policy(random)), 0.2);
}

export function randomWireFlow(random: Random): WireFlow {
  return {
    time: maybe(
      random,
      () => ({ seconds: random.pick(SECONDS), nanos: maybe(random, () => random.pick(NANOS)) }),
      0.9,
    ),
    uuid: maybe(random, () => random.pick(["", `uuid-${random.int(0, 1e9)}`])),
    verdict: maybe(random, () => random.pick(VERDICTS), 0.9),
    drop_reason: maybe(random, () => random.pick([0, 133, 181])),
    ethernet: maybe(random, () => ({ source: "9a:03:be:41:7c:e2", destination: "5e:c7:20:9b:11:4f" })),
    IP: maybe(
      random,
      () => ({
        source: maybe(random, () => random.pick(IPS)),
        destination: maybe(random, () => random.pick(IPS)),
        ipVersion: maybe(random, () => random.pick([0, 1, 2, 5])),
        encrypted: maybe(random, () => random.chance(0.5)),
      }),
      0.9,
    ),
    l4: maybe(random, () => layer4(random), 0.9),
    source: maybe(random, () => endpoint(random), 0.9),
    destination: maybe(random, () => endpoint(random), 0.9),
    Type: maybe(random, () => random.pick([0, 1, 2, 3, 9])),
    node_name: maybe(random, () => random.pick(NODES)),
    node_labels: maybe(random, () => ["kubernetes.io/hostname=x"]),
    source_names: maybe(random, () => some(random, DNS_NAMES, 2)),
    destination_names: maybe(random, () => some(random, DNS_NAMES, 2)),
    l7: maybe(random, () => layer7(random), 0.2),
    reply: maybe(random, () => random.chance(0.5)),
    event_type: maybe(random, () => ({
      type: random.pick([1, 4, 5, 129]),
      sub_type: maybe(random, () => 3),
    })),
    source_service: maybe(random, () => ({ name: "svc", namespace: "shop" })),
    destination_service: maybe(random, () => ({ name: "db" })),
    traffic_direction: maybe(random, () => random.pick(DIRECTIONS)),
    policy_match_type: maybe(random, () => random.int(0, 4)),
    trace_observation_point: maybe(random, () => random.pick([0, 1, 101, 77])),
    drop_reason_desc: maybe(random, () => random.pick(DROP_REASONS)),
    is_reply: maybe(random, () => random.pick([{}, { value: true }, { value: false }])),
    proxy_port: maybe(random, () => random.int(0, 20000)),
    Summary: maybe(random, () => random.pick(SUMMARIES)),
    egress_allowed_by: policies(random),
    ingress_allowed_by: policies(random),
    egress_denied_by: policies(random),
    ingress_denied_by: policies(random),
    policy_log: maybe(random, () => some(random, ["audit-smtp", "deny-egress"], 2)),
  };
}

export { seededRandom } from "@/server/demo/scenario/stable-random";
