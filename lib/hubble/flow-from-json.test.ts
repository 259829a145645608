import { describe, expect, it } from "vitest";
import { hubbleFixture } from "./fixtures";
import { flowFromHubbleJson } from "./flow-from-json";

describe("flowFromHubbleJson", () => {
  it("converts a forwarded TCP SYN between two pods", () => {
    const flow = flowFromHubbleJson(hubbleFixture("tcpSynForwarded"));
    expect(flow).toMatchObject({
      id: "5f0c1a7e-2d4b-4c51-9a0e-3b8f6d2c7e11",
      time: Date.UTC(2025, 4, 14, 9, 12, 3, 482),
      verdict: "FORWARDED",
      dropReason: null,
      direction: "egress",
      isReply: false,
      protocol: "TCP",
      sourcePort: 48512,
      destinationPort: 5432,
      l7: null,
      node: "homelab-worker-1",
      summary: "TCP Flags: SYN",
    });
    expect(flow.source).toEqual({
      namespace: "shop",
      pod: "web-7c9d8f6b5-x2kqp",
      workload: "web",
      labels: {
        "app.kubernetes.io/name": "web",
        "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name": "shop",
        "io.cilium.k8s.policy.cluster": "homelab",
        "io.cilium.k8s.policy.serviceaccount": "web",
        "io.kubernetes.pod.namespace": "shop",
      },
      identity: 48213,
      reserved: null,
      ip: "10.244.1.23",
      dnsNames: [],
    });
    expect(flow.destination).toMatchObject({
      namespace: "database",
      pod: "postgres-0",
      workload: "postgres",
    });
    // A cluster-wide policy has no namespace, so its name stands alone.
    expect(flow.policies).toEqual({
      egressAllowedBy: ["access-postgres"],
      ingressAllowedBy: [],
      egressDeniedBy: [],
      ingressDeniedBy: [],
    });
  });

  it("reports the drop reason and the denying policy as namespace/name", () => {
    const flow = flowFromHubbleJson(hubbleFixture("policyDeniedIngress"));
    expect(flow.verdict).toBe("DROPPED");
    expect(flow.dropReason).toBe("POLICY_DENIED");
    expect(flow.direction).toBe("ingress");
    expect(flow.policies.ingressDeniedBy).toEqual(["database/postgres-ingress"]);
    expect(flow.source.workload).toBe("api");
  });

  it("keeps the DNS answer of an L7 response", () => {
    const flow = flowFromHubbleJson(hubbleFixture("dnsResponse"));
    expect(flow.protocol).toBe("UDP");
    expect(flow.sourcePort).toBe(53);
    expect(flow.isReply).toBe(true);
    expect(flow.l7).toEqual({
      type: "RESPONSE",
      dns: { query: "api.stripe.com.", ips: ["54.187.174.169", "54.187.205.235"], rcode: 0, qtypes: ["A"] },
      http: null,
    });
    expect(flow.source.labels["k8s-app"]).toBe("kube-dns");
  });

  it("keeps the method and URL of an HTTP request", () => {
    const flow = flowFromHubbleJson(hubbleFixture("httpRequest"));
    expect(flow.l7).toEqual({
      type: "REQUEST",
      dns: null,
      http: { method: "GET", url: "http://shop.homelab.example/cart", code: 0, protocol: "HTTP/1.1" },
    });
    expect(flow.source.labels["gateway.networking.k8s.io/gateway-name"]).toBe("external");
    expect(flow.time).toBe(Date.UTC(2025, 4, 14, 9, 12, 5, 731));
  });

  it("marks a world destination as reserved, outside any namespace, with its DNS names", () => {
    const flow = flowFromHubbleJson(hubbleFixture("worldEgressDropped"));
    expect(flow.destination).toEqual({
      namespace: null,
      pod: null,
      workload: null,
      labels: { world: "" },
      identity: 2,
      reserved: "world",
      ip: "140.82.112.6",
      dnsNames: ["api.github.com"],
    });
    expect(flow.source.dnsNames).toEqual([]);
    expect(flow.destinationPort).toBe(443);
  });

  it("prefers kube-apiserver over host when a node carries both", () => {
    const flow = flowFromHubbleJson(hubbleFixture("kubeApiserverDropped"));
    expect(flow.destination.reserved).toBe("kube-apiserver");
    expect(flow.time).toBe(Date.UTC(2025, 4, 14, 9, 12, 11));
  });

  it("marks reply flows", () => {
    const flow = flowFromHubbleJson(hubbleFixture("tcpReply"));
    expect(flow.isReply).toBe(true);
    expect(flow.sourcePort).toBe(5432);
    expect(flow.source.namespace).toBe("database");
  });

  it("leaves isReply null when the relay could not tell", () => {
    const json = hubbleFixture("tcpReply");
    delete json.is_reply;
    expect(flowFromHubbleJson(json).isReply).toBeNull();
  });

  it("has no drop reason for forwarded flows or unknown reasons", () => {
    const forwarded = { ...hubbleFixture("tcpSynForwarded"), drop_reason_desc: "POLICY_DENIED" };
    expect(flowFromHubbleJson(forwarded).dropReason).toBeNull();
    const unknown = { ...hubbleFixture("policyDeniedIngress"), drop_reason_desc: "DROP_REASON_UNKNOWN" };
    expect(flowFromHubbleJson(unknown).dropReason).toBeNull();
  });

  it("maps unknown verdicts and directions to their unknown forms", () => {
    const json = { ...hubbleFixture("tcpSynForwarded"), verdict: "VERDICT_UNKNOWN" as const };
    delete json.traffic_direction;
    const flow = flowFromHubbleJson(json);
    expect(flow.verdict).toBe("UNKNOWN");
    expect(flow.direction).toBe("unknown");
  });

  it("reads ICMP flows without ports", () => {
    const json = { ...hubbleFixture("tcpSynForwarded"), l4: { ICMPv6: { type: 128 } } };
    expect(flowFromHubbleJson(json)).toMatchObject({
      protocol: "ICMPv6",
      sourcePort: null,
      destinationPort: null,
    });
  });

  it("names a policy from its labels when the agent sent only labels", () => {
    const json = hubbleFixture("policyDeniedIngress");
    const policy = json.ingress_denied_by![0]!;
    delete policy.name;
    delete policy.namespace;
    expect(flowFromHubbleJson(json).policies.ingressDeniedBy).toEqual(["database/postgres-ingress"]);
  });

  it("digests flows without a uuid stably, and differently when a field differs", () => {
    const json = hubbleFixture("worldEgressDropped");
    delete json.uuid;
    const first = flowFromHubbleJson(json).id;
    expect(first).toMatch(/^digest-[0-9a-f]{16}$/);
    expect(flowFromHubbleJson(structuredClone(json)).id).toBe(first);
    const later = { ...json, time: "2025-05-14T09:12:09.650072115Z" };
    expect(flowFromHubbleJson(later).id).not.toBe(first);
    const otherPort = { ...json, l4: { TCP: { source_port: 60319, destination_port: 443 } } };
    expect(flowFromHubbleJson(otherPort).id).not.toBe(first);
  });

  it("rejects a flow whose time is not a timestamp", () => {
    const json = { ...hubbleFixture("tcpReply"), time: "yesterday" };
    expect(() => flowFromHubbleJson(json)).toThrow(/"yesterday" is not an RFC 3339 timestamp/);
  });

  it("shares the peers of flows between the same endpoints, frozen", () => {
    const first = flowFromHubbleJson(hubbleFixture("tcpSynForwarded"));
    const second = flowFromHubbleJson({ ...hubbleFixture("tcpSynForwarded"), uuid: "another" });
    expect(second.source).toBe(first.source);
    expect(second.destination).toBe(first.destination);
    expect(Object.isFrozen(first.source)).toBe(true);
    const moved = flowFromHubbleJson({
      ...hubbleFixture("tcpSynForwarded"),
      IP: { source: "10.244.9.9", destination: "10.244.2.41" },
    });
    expect(moved.source).not.toBe(first.source);
    expect(moved.source).toEqual({ ...first.source, ip: "10.244.9.9" });
    const relabelled = hubbleFixture("tcpSynForwarded");
    relabelled.source!.labels = [...relabelled.source!.labels!, "k8s:tier=new"];
    expect(flowFromHubbleJson(relabelled).source.labels.tier).toBe("new");
  });
});
