import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { worldPeer } from "@/lib/fixes/testing/flows";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { evaluateConnection } from "./evaluate-flow";
import { buildEvaluationContext, withNamespaceLabels } from "./evaluation-context";
import { connectionKey, endpointOfPeer, entitiesOfEndpoint, queryFromFlow } from "./flow-query";
import { homelabCluster } from "./testing/homelab-cluster";
import { address, entity, fqdn, podIn } from "./testing/queries";

describe("queryFromFlow", () => {
  it("turns pods into identities without Cilium's derived namespace labels", () => {
    const flow = testFlow({
      source: testPeer({
        namespace: "app",
        pod: "app-1",
        labels: {
          app: "app",
          "io.kubernetes.pod.namespace": "app",
          "io.cilium.k8s.namespace.labels.network-policy.homelab/profile": "isolated",
          "io.cilium.k8s.policy.serviceaccount": "worker",
          "io.cilium.k8s.policy.cluster": "homelab",
        },
      }),
    });
    expect(queryFromFlow(flow).source).toEqual({
      kind: "pod",
      namespace: "app",
      labels: { app: "app", "io.cilium.k8s.policy.cluster": "homelab" },
      serviceAccount: "worker",
      name: "app-1",
    });
  });

  it("turns a reply around: the connection is the initiator's", () => {
    const flow = testFlow({
      isReply: true,
      source: testPeer({ namespace: "database", pod: "postgres-0" }),
      destination: testPeer({ namespace: "app", pod: "app-1" }),
      sourcePort: 5432,
      destinationPort: 40123,
    });
    const q = queryFromFlow(flow);
    expect(q.source).toMatchObject({ namespace: "app", name: "app-1" });
    expect(q.destination).toMatchObject({ namespace: "database", name: "postgres-0" });
    expect(q.port).toBe(5432);
  });

  it("turns world peers into addresses with their DNS names, or a name alone", () => {
    expect(endpointOfPeer(worldPeer("140.82.112.6", ["api.github.com"]))).toEqual(
      address("140.82.112.6", ["api.github.com"]),
    );
    expect(endpointOfPeer(worldPeer(null, ["api.github.com"]))).toEqual(fqdn("api.github.com"));
    expect(endpointOfPeer(worldPeer(null))).toEqual(entity("world"));
  });

  it("turns other reserved identities into entities, host-network pods included", () => {
    expect(endpointOfPeer(testPeer({ namespace: null, reserved: "kube-apiserver" }))).toEqual(
      entity("kube-apiserver"),
    );
    expect(endpointOfPeer(testPeer({ namespace: "kube-system", pod: "cilium-x", reserved: "host" }))).toEqual(
      entity("host"),
    );
  });

  it("evaluates with the namespace labels of the context, not those the flow carried", () => {
    const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
    const flow = testFlow({
      verdict: "DROPPED",
      dropReason: "POLICY_DENIED",
      source: testPeer({ namespace: "app", pod: "app-1", labels: { app: "app" } }),
      destination: testPeer({ namespace: "database", pod: "postgres-0", labels: { app: "postgres" } }),
      destinationPort: 5432,
    });
    expect(evaluateConnection(queryFromFlow(flow), context).allowed).toBe(false);
    const labelled = withNamespaceLabels(context, {
      namespace: "app",
      set: { "access.network-policy.homelab/postgres": "true" },
      remove: [],
    });
    expect(evaluateConnection(queryFromFlow(flow), labelled).allowed).toBe(true);
  });
});

describe("connectionKey", () => {
  it("is equal for pods of one identity and differs by port, protocol or labels", () => {
    const a = queryFromFlow(
      testFlow({ source: testPeer({ pod: "web-1", labels: { app: "web", tier: "a" } }) }),
    );
    const b = queryFromFlow(
      testFlow({ source: testPeer({ pod: "web-2", labels: { tier: "a", app: "web" } }) }),
    );
    expect(connectionKey(a)).toBe(connectionKey(b));
    expect(connectionKey({ ...a, port: 5433 })).not.toBe(connectionKey(a));
    expect(connectionKey({ ...a, protocol: "UDP" })).not.toBe(connectionKey(a));
    expect(connectionKey({ ...a, source: podIn("app", { app: "api" }) })).not.toBe(connectionKey(a));
  });
});

describe("entitiesOfEndpoint", () => {
  it("a pod is in the cluster", () => {
    expect(entitiesOfEndpoint(podIn("app")).sort()).toEqual(["all", "cluster"]);
  });

  it("in-cluster reserved identities are themselves and the cluster", () => {
    expect(entitiesOfEndpoint(entity("host")).sort()).toEqual(["all", "cluster", "host"]);
    expect(entitiesOfEndpoint(entity("kube-apiserver")).sort()).toEqual(["all", "cluster", "kube-apiserver"]);
  });

  it("addresses outside are the world of their family", () => {
    expect(entitiesOfEndpoint(address("1.2.3.4")).sort()).toEqual(["all", "world", "world-ipv4"]);
    expect(entitiesOfEndpoint(address("2001:db8::1")).sort()).toEqual(["all", "world", "world-ipv6"]);
  });
});
