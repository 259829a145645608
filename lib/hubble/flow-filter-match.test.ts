import { describe, expect, it } from "vitest";
import type { FlowFilterJson } from "./flow-filter";
import {
  compileFlowFilter,
  compileFlowSelection,
  FlowFilterError,
  flowMatchesFilter,
  flowSelected,
} from "./flow-filter-match";
import type { HubbleFlowJson } from "./flow-json";

// A dropped egress flow from shop/web to database/postgres:5432, with fields each test may override.
function flow(overrides: Partial<HubbleFlowJson> = {}): HubbleFlowJson {
  return {
    time: "2025-01-01T12:00:00.123456789Z",
    uuid: "7d0e1f5c-0000-4000-8000-000000000001",
    verdict: "DROPPED",
    drop_reason_desc: "POLICY_DENIED",
    IP: { source: "10.244.1.10", destination: "10.244.2.5", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 41000, destination_port: 5432, flags: { SYN: true } } },
    source: {
      identity: 12345,
      namespace: "shop",
      pod_name: "web-5d8f7-abcde",
      labels: ["k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop"],
      workloads: [{ name: "web", kind: "Deployment" }],
    },
    destination: {
      identity: 23456,
      namespace: "database",
      pod_name: "postgres-0",
      labels: ["k8s:app=postgres", "k8s:io.kubernetes.pod.namespace=database"],
      workloads: [{ name: "postgres", kind: "StatefulSet" }],
    },
    Type: "L3_L4",
    node_name: "sieve-demo/worker-1",
    event_type: { type: 1, sub_type: 133 },
    destination_service: { name: "postgres", namespace: "database" },
    traffic_direction: "EGRESS",
    ...overrides,
  };
}

const httpFlow = flow({
  verdict: "FORWARDED",
  is_reply: false,
  l7: { type: "RESPONSE", http: { code: 404, method: "GET", url: "http://shop.example/api/items/42?x=1" } },
  event_type: { type: 129 },
});

const dnsFlow = flow({
  verdict: "FORWARDED",
  l4: { UDP: { source_port: 53000, destination_port: 53 } },
  l7: { type: "REQUEST", dns: { query: "api.github.com." } },
  destination_names: [],
  event_type: { type: 129 },
});

const worldFlow = flow({
  IP: { source: "fd00:10:244:1::a", destination: "2606:50c0:8000::154", ipVersion: "IPv6" },
  destination: { identity: 2, labels: ["reserved:world"] },
  destination_names: ["api.github.com"],
  destination_service: undefined,
  l4: { TCP: { source_port: 41000, destination_port: 443 } },
});

function matches(filter: FlowFilterJson, subject = flow()): boolean {
  return flowMatchesFilter(subject, filter);
}

function rejection(filter: FlowFilterJson): FlowFilterError {
  try {
    compileFlowFilter(filter);
  } catch (error) {
    if (error instanceof FlowFilterError) return error;
    throw error;
  }
  throw new Error(`filter ${JSON.stringify(filter)} was accepted`);
}

describe("flowMatchesFilter: combining fields", () => {
  it("matches everything with an empty filter or empty lists", () => {
    expect(matches({})).toBe(true);
    expect(matches({ verdict: [], source_pod: [] })).toBe(true);
  });

  it("requires every set field (AND) and any value of a field (OR)", () => {
    expect(matches({ verdict: ["FORWARDED", "DROPPED"], destination_port: ["5432"] })).toBe(true);
    expect(matches({ verdict: ["DROPPED"], destination_port: ["6379"] })).toBe(false);
    expect(matches({ verdict: ["FORWARDED"], destination_port: ["5432"] })).toBe(false);
  });
});

describe("flowMatchesFilter: fields", () => {
  it("uuid", () => {
    expect(matches({ uuid: ["7d0e1f5c-0000-4000-8000-000000000001"] })).toBe(true);
    expect(matches({ uuid: ["other"] })).toBe(false);
  });

  it("source_ip and destination_ip, exact or CIDR, v4 and v6", () => {
    expect(matches({ source_ip: ["10.244.1.10"] })).toBe(true);
    expect(matches({ source_ip: ["10.244.1.0/24"] })).toBe(true);
    expect(matches({ destination_ip: ["10.244.1.0/24"] })).toBe(false);
    expect(matches({ destination_ip: ["2606:50c0::/32"] }, worldFlow)).toBe(true);
    expect(matches({ source_ip: ["fd00:10:244:1::a"] }, worldFlow)).toBe(true);
    expect(matches({ source_ip: ["10.0.0.0/8"] }, flow({ IP: undefined }))).toBe(false);
  });

  it("source_pod and destination_pod: namespace, namespace/prefix, bare prefix", () => {
    expect(matches({ source_pod: ["shop/"] })).toBe(true);
    expect(matches({ source_pod: ["database/"] })).toBe(false);
    expect(matches({ destination_pod: ["database/"] })).toBe(true);
    expect(matches({ source_pod: ["shop/web-"] })).toBe(true);
    expect(matches({ source_pod: ["shop/api-"] })).toBe(false);
    expect(matches({ destination_pod: ["postgres"] })).toBe(true);
    expect(matches({ destination_pod: ["redis"] })).toBe(false);
    expect(matches({ destination_pod: ["shop/"] }, worldFlow)).toBe(false);
  });

  it("source_label and destination_label selectors", () => {
    expect(matches({ source_label: ["app=web"] })).toBe(true);
    expect(matches({ source_label: ["k8s:app=web"] })).toBe(true);
    expect(matches({ source_label: ["app=api", "app in (web, shop)"] })).toBe(true);
    expect(matches({ destination_label: ["app=web"] })).toBe(false);
    expect(matches({ destination_label: ["reserved:world"] }, worldFlow)).toBe(true);
    expect(matches({ destination_label: ["!reserved:world"] })).toBe(true);
    expect(matches({ destination_label: ["k8s:app!=postgres"] })).toBe(false);
  });

  it("source_fqdn and destination_fqdn with wildcards", () => {
    expect(matches({ destination_fqdn: ["*.github.com"] }, worldFlow)).toBe(true);
    expect(matches({ destination_fqdn: ["*.gitlab.com"] }, worldFlow)).toBe(false);
    expect(matches({ source_fqdn: ["*"] }, worldFlow)).toBe(false);
  });

  it("source_service and destination_service", () => {
    expect(matches({ destination_service: ["database/postgres"] })).toBe(true);
    expect(matches({ destination_service: ["database/"] })).toBe(true);
    expect(matches({ destination_service: ["cache/"] })).toBe(false);
    expect(matches({ source_service: ["shop/"] })).toBe(false);
  });

  it("source_workload and destination_workload", () => {
    expect(matches({ source_workload: [{ name: "web" }] })).toBe(true);
    expect(matches({ destination_workload: [{ kind: "StatefulSet" }] })).toBe(true);
    expect(matches({ destination_workload: [{ name: "postgres", kind: "Deployment" }] })).toBe(false);
  });

  it("traffic_direction, verdict and ip_version", () => {
    expect(matches({ traffic_direction: ["EGRESS"] })).toBe(true);
    expect(matches({ traffic_direction: ["INGRESS"] })).toBe(false);
    expect(
      matches({ traffic_direction: ["TRAFFIC_DIRECTION_UNKNOWN"] }, flow({ traffic_direction: undefined })),
    ).toBe(true);
    expect(matches({ verdict: ["DROPPED"] })).toBe(true);
    expect(matches({ verdict: ["FORWARDED"] })).toBe(false);
    expect(matches({ ip_version: ["IPv4"] })).toBe(true);
    expect(matches({ ip_version: ["IPv6"] })).toBe(false);
    expect(matches({ ip_version: ["IPv6"] }, worldFlow)).toBe(true);
    expect(matches({ ip_version: ["IP_NOT_USED"] }, flow({ IP: undefined }))).toBe(true);
  });

  it("event_type by type, and by sub-type when asked", () => {
    expect(matches({ event_type: [{ type: 1 }] })).toBe(true);
    expect(matches({ event_type: [{ type: 4 }] })).toBe(false);
    expect(matches({ event_type: [{ type: 1, match_sub_type: true, sub_type: 133 }] })).toBe(true);
    expect(matches({ event_type: [{ type: 1, match_sub_type: true, sub_type: 5 }] })).toBe(false);
    expect(matches({ event_type: [{ type: 1 }] }, flow({ event_type: undefined }))).toBe(false);
  });

  it("http_status_code: full codes and prefixes", () => {
    expect(matches({ http_status_code: ["404"] }, httpFlow)).toBe(true);
    expect(matches({ http_status_code: ["4+"] }, httpFlow)).toBe(true);
    expect(matches({ http_status_code: ["40+"] }, httpFlow)).toBe(true);
    expect(matches({ http_status_code: ["5+", "200"] }, httpFlow)).toBe(false);
    expect(matches({ http_status_code: ["4+"] })).toBe(false);
  });

  it("protocol, L4 and L7", () => {
    expect(matches({ protocol: ["tcp"] })).toBe(true);
    expect(matches({ protocol: ["TCP"] })).toBe(true);
    expect(matches({ protocol: ["udp"] })).toBe(false);
    expect(matches({ protocol: ["udp"] }, dnsFlow)).toBe(true);
    expect(matches({ protocol: ["dns"] }, dnsFlow)).toBe(true);
    expect(matches({ protocol: ["http"] }, httpFlow)).toBe(true);
    expect(matches({ protocol: ["http"] }, dnsFlow)).toBe(false);
    const icmp = flow({ l4: { ICMPv6: { type: 128 } } });
    expect(matches({ protocol: ["icmp"] }, icmp)).toBe(true);
    expect(matches({ protocol: ["icmpv6"] }, icmp)).toBe(true);
    expect(matches({ protocol: ["icmpv4"] }, icmp)).toBe(false);
    expect(matches({ protocol: ["sctp"] }, flow({ l4: { SCTP: { destination_port: 9 } } }))).toBe(true);
  });

  it("source_port and destination_port over TCP, UDP and SCTP", () => {
    expect(matches({ destination_port: ["5432"] })).toBe(true);
    expect(matches({ source_port: ["41000"] })).toBe(true);
    expect(matches({ source_port: ["5432"] })).toBe(false);
    expect(matches({ destination_port: ["53"] }, dnsFlow)).toBe(true);
    expect(matches({ destination_port: ["0"] }, flow({ l4: { ICMPv4: { type: 8 } } }))).toBe(false);
  });

  it("reply, treating a dropped flow of unknown direction as a non-reply", () => {
    expect(matches({ reply: [false] })).toBe(true);
    expect(matches({ reply: [true] })).toBe(false);
    expect(matches({ reply: [false] }, flow({ verdict: "FORWARDED" }))).toBe(false);
    expect(matches({ reply: [true] }, flow({ verdict: "FORWARDED", is_reply: true }))).toBe(true);
    expect(matches({ reply: [false] }, httpFlow)).toBe(true);
  });

  it("dns_query as a regular expression", () => {
    expect(matches({ dns_query: ["github\\.com\\.$"] }, dnsFlow)).toBe(true);
    expect(matches({ dns_query: ["^gitlab"] }, dnsFlow)).toBe(false);
    expect(matches({ dns_query: [".*"] })).toBe(false);
  });

  it("source_identity and destination_identity", () => {
    expect(matches({ source_identity: [12345] })).toBe(true);
    expect(matches({ destination_identity: [2] }, worldFlow)).toBe(true);
    expect(matches({ destination_identity: [12345] })).toBe(false);
  });

  it("http_method and http_path", () => {
    expect(matches({ http_method: ["get"] }, httpFlow)).toBe(true);
    expect(matches({ http_method: ["POST"] }, httpFlow)).toBe(false);
    expect(matches({ http_path: ["^/api/items/\\d+$"] }, httpFlow)).toBe(true);
    expect(matches({ http_path: ["^/admin"] }, httpFlow)).toBe(false);
    expect(matches({ http_method: ["GET"] })).toBe(false);
  });

  it("tcp_flags: a filter's flags must all be set on the flow", () => {
    expect(matches({ tcp_flags: [{ SYN: true }] })).toBe(true);
    expect(matches({ tcp_flags: [{ SYN: true, ACK: true }] })).toBe(false);
    expect(matches({ tcp_flags: [{ FIN: true }, { SYN: true }] })).toBe(true);
  });

  it("node_name globs, with or without a cluster", () => {
    expect(matches({ node_name: ["worker-*"] })).toBe(true);
    expect(matches({ node_name: ["sieve-demo/worker-1"] })).toBe(true);
    expect(matches({ node_name: ["other/*"] })).toBe(false);
    expect(matches({ node_name: ["default/kind-*"] }, flow({ node_name: "kind-worker" }))).toBe(true);
  });
});

describe("compileFlowFilter: rejections", () => {
  it("names fields it cannot evaluate instead of matching everything", () => {
    expect(rejection({ trace_id: ["abc"] }).field).toBe("trace_id");
    expect(rejection({ source_cluster_name: ["x"] } as FlowFilterJson).field).toBe("source_cluster_name");
  });

  it("rejects invalid values, naming the field", () => {
    const cases: [FlowFilterJson, string][] = [
      [{ dns_query: ["(unclosed"] }, "dns_query"],
      [{ http_path: ["[z-a]"] }, "http_path"],
      [{ source_ip: ["10.0.0.0/40"] }, "source_ip"],
      [{ destination_ip: ["not-an-ip"] }, "destination_ip"],
      [{ source_pod: ["/"] }, "source_pod"],
      [{ destination_pod: [""] }, "destination_pod"],
      [{ source_label: ["app in web"] }, "source_label"],
      [{ destination_fqdn: ["a..b.."] }, "destination_fqdn"],
      [{ verdict: ["BLOCKED" as never] }, "verdict"],
      [{ traffic_direction: ["SIDEWAYS" as never] }, "traffic_direction"],
      [{ ip_version: ["IPv5" as never] }, "ip_version"],
      [{ protocol: ["quic"] }, "protocol"],
      [{ destination_port: ["70000"] }, "destination_port"],
      [{ source_port: ["http"] }, "source_port"],
      [{ http_status_code: ["4xx"] }, "http_status_code"],
      [{ http_status_code: ["404"], event_type: [{ type: 1 }] }, "http_status_code"],
      [{ node_name: ["a/b/c"] }, "node_name"],
      [{ reply: ["yes" as never] }, "reply"],
      [{ source_identity: [-1] }, "source_identity"],
      [{ verdict: "DROPPED" as never }, "verdict"],
    ];
    for (const [filter, field] of cases) {
      expect(rejection(filter).field, JSON.stringify(filter)).toBe(field);
    }
  });
});

describe("flowSelected and compileFlowSelection", () => {
  const shopDrops: FlowFilterJson[] = [
    { source_pod: ["shop/"], verdict: ["DROPPED"] },
    { destination_pod: ["shop/"], verdict: ["DROPPED"] },
  ];
  const inbound = flow({
    source: { namespace: "istio-gateway", pod_name: "gw-1" },
    destination: { namespace: "shop", pod_name: "web-1" },
  });
  const elsewhere = flow({
    source: { namespace: "batch", pod_name: "job-1" },
    destination: { namespace: "database", pod_name: "postgres-0" },
  });

  it("ORs whitelist filters: the hubble --namespace form selects drops on either side", () => {
    expect(flowSelected(flow(), shopDrops, [])).toBe(true);
    expect(flowSelected(inbound, shopDrops, [])).toBe(true);
    expect(flowSelected(elsewhere, shopDrops, [])).toBe(false);
    expect(flowSelected(flow({ verdict: "FORWARDED" }), shopDrops, [])).toBe(false);
  });

  it("selects everything without filters and excludes any blacklist match", () => {
    expect(flowSelected(elsewhere, [], [])).toBe(true);
    expect(flowSelected(flow(), [], [{ destination_port: ["5432"] }])).toBe(false);
    expect(
      flowSelected(flow(), shopDrops, [{ destination_port: ["6379"] }, { source_pod: ["shop/web"] }]),
    ).toBe(false);
    expect(flowSelected(inbound, shopDrops, [{ source_pod: ["shop/web"] }])).toBe(true);
  });

  it("compiles once and agrees with flowSelected", () => {
    const selected = compileFlowSelection(shopDrops, [{ source_pod: ["istio-gateway/"] }]);
    for (const subject of [flow(), inbound, elsewhere]) {
      expect(selected(subject)).toBe(flowSelected(subject, shopDrops, [{ source_pod: ["istio-gateway/"] }]));
    }
    expect(selected(inbound)).toBe(false);
  });

  it("throws for an invalid filter in either list", () => {
    expect(() => compileFlowSelection([{ dns_query: ["("] }], [])).toThrow(FlowFilterError);
    expect(() => flowSelected(flow(), [], [{ protocol: ["quic"] }])).toThrow(FlowFilterError);
  });
});
