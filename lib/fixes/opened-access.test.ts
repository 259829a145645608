import { describe, expect, it } from "vitest";
import { ccnp, ns } from "@/lib/policy/testing/builders";
import { withNamespaceLabels } from "@/lib/evaluator/evaluation-context";
import { contextOf } from "@/lib/evaluator/testing/queries";
import { describeAccess, openedAccess } from "./opened-access";

const PROFILE = "network-policy.homelab/profile";
const GATEWAY = "gateway.networking.k8s.io/gateway-name";
const profileSelector = (name: string) => ({
  matchLabels: { [`io.cilium.k8s.namespace.labels.${PROFILE}`]: name },
});

const context = contextOf({
  namespaces: [ns("app", { [PROFILE]: "small" })],
  ccnps: [
    ccnp("profile-small", {
      endpointSelector: profileSelector("small"),
      ingress: [
        {
          fromEndpoints: [
            { matchLabels: { "io.kubernetes.pod.namespace": "istio-gateway", [GATEWAY]: "internal" } },
          ],
          toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }],
        },
      ],
    }),
    ccnp("profile-big", {
      endpointSelector: profileSelector("big"),
      ingress: [
        {
          fromEndpoints: [
            {
              matchLabels: { "io.kubernetes.pod.namespace": "istio-gateway" },
              matchExpressions: [{ key: GATEWAY, operator: "In", values: ["internal", "external"] }],
            },
          ],
          toPorts: [
            {
              ports: [
                { port: "80", protocol: "TCP" },
                { port: "443", protocol: "TCP" },
              ],
            },
          ],
        },
      ],
      egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }],
    }),
  ],
});
const bigger = withNamespaceLabels(context, { namespace: "app", set: { [PROFILE]: "big" }, remove: [] });

describe("openedAccess", () => {
  it("keeps only what the namespace could not do before, per gateway (values in order) and port", () => {
    const opened = openedAccess(context, bigger, ["app"]).map((item) => item.text);
    expect(opened).toEqual([
      "ingress from the external gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=external) on 80/TCP",
      "ingress from the external gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=external) on 443/TCP",
      "ingress from the internal gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=internal) on 443/TCP",
      "egress to world on 443/TCP",
    ]);
  });

  it("finds nothing new when nothing changed", () => {
    expect(openedAccess(context, context, ["app"])).toEqual([]);
  });

  it("describes one line per peer with its ports", () => {
    expect(describeAccess(openedAccess(context, bigger, ["app"]))).toEqual([
      "ingress from the external gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=external) on 80/TCP, 443/TCP",
      "ingress from the internal gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=internal) on 443/TCP",
      "egress to world on 443/TCP",
    ]);
  });
});
