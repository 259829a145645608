import { describe, expect, it } from "vitest";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import type { Flow } from "@/lib/flows/flow";
import type { CiliumPolicyRule } from "@/lib/kube/types";
import { ccnp, cnp, DNS_EGRESS, HEALTH_INGRESS, ns, pod } from "@/lib/policy/testing/builders";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { dropAnswers, proposeFixForDrops } from "./drop-answers";
import { pipelineView, type PipelineView } from "./testing/cluster-view";
import { observed, podPeer, worldPeer } from "./testing/flows";

// One least-permissive-profile rule: in a repository whose profile policies list their values widest
// first, where one profile opens TCP 80 as well as 443, and whose conventions file may list the
// profiles widest first, the drop table's fix, the evaluator's hint and the fix proposal all name
// the profile that opens least among those that fix the drop.

const PROFILE = "example.org/profile";
const SELECTS = `io.cilium.k8s.namespace.labels.${PROFILE}`;
const GATEWAY = "gateway.networking.k8s.io/gateway-name";
const tcp = (port: number) => [{ ports: [{ port: String(port), protocol: "TCP" as const }] }];
const gateway = (name: string) => ({
  matchLabels: { "io.kubernetes.pod.namespace": "istio-gateway", [GATEWAY]: name },
});

/** A profile CCNP selecting several profiles, written widest first as repositories often do. */
function profilePolicy(name: string, profiles: string[], rules: CiliumPolicyRule) {
  return ccnp(name, {
    endpointSelector: { matchExpressions: [{ key: SELECTS, operator: "In", values: profiles }] },
    ...rules,
  });
}

const objects: ClusterObjects = {
  namespaces: [
    ns("kube-system"),
    ns("istio-gateway"),
    ns("shop", { [PROFILE]: "internal" }),
    ns("reader", { [PROFILE]: "isolated" }),
  ],
  pods: [
    pod("kube-system", "coredns-0", { "k8s-app": "kube-dns" }),
    pod("istio-gateway", "internal-gw-0", { [GATEWAY]: "internal" }),
    pod("shop", "shop-0", { app: "shop" }),
    pod("reader", "reader-0", { app: "reader" }),
  ],
  networkpolicies: [],
  ciliumnetworkpolicies: [
    cnp("istio-gateway", "istio-gateway", { endpointSelector: {}, egress: [{ toEntities: ["cluster"] }] }),
  ],
  ciliumclusterwidenetworkpolicies: [
    ccnp("baseline-dns", { endpointSelector: {}, egress: [DNS_EGRESS] }),
    ccnp("baseline-health", { endpointSelector: {}, ingress: HEALTH_INGRESS }),
    profilePolicy("profile-dns", ["public", "web-egress", "https-egress", "internal", "isolated"], {
      egress: [DNS_EGRESS],
    }),
    profilePolicy("profile-internal-gateway", ["public", "web-egress", "https-egress", "internal"], {
      ingress: [{ fromEndpoints: [gateway("internal")], toPorts: tcp(8080) }],
    }),
    profilePolicy("profile-external-gateway", ["public"], {
      ingress: [{ fromEndpoints: [gateway("external")], toPorts: tcp(8080) }],
    }),
    profilePolicy("profile-https", ["public", "web-egress", "https-egress"], {
      egress: [{ toEntities: ["world"], toPorts: tcp(443) }],
    }),
    profilePolicy("profile-http", ["public", "web-egress"], {
      egress: [{ toEntities: ["world"], toPorts: tcp(80) }],
    }),
  ],
};

const inferred = pipelineView(objects);
/** The same cluster with a conventions file that lists the profiles widest first. */
const widestFirst = pipelineView(objects, {
  profiles: [...inferred.conventions.profiles].reverse(),
  profileGrants: [...inferred.conventions.profileGrants].reverse(),
});

const shop = podPeer({ kind: "pod", namespace: "shop", labels: { app: "shop" }, name: "shop-0" });
const reader = podPeer({ kind: "pod", namespace: "reader", labels: { app: "reader" }, name: "reader-0" });
const internalGateway = podPeer({
  kind: "pod",
  namespace: "istio-gateway",
  labels: { [GATEWAY]: "internal" },
  name: "internal-gw-0",
});
const api = worldPeer("203.0.113.7", ["api.example.com"]);

const DROPS: { name: string; flow: () => Flow; side: "egress" | "ingress"; expected: string }[] = [
  {
    name: "internal namespace → world :443 keeps its gateway and opens 443 only",
    flow: () => observed(shop, api, 443),
    side: "egress",
    expected: "https-egress",
  },
  {
    name: "internal namespace → world :80 needs the profile that opens 80 as well",
    flow: () => observed(shop, api, 80),
    side: "egress",
    expected: "web-egress",
  },
  {
    name: "isolated namespace ← internal gateway",
    flow: () => observed(internalGateway, reader, 8080, { direction: "ingress" }),
    side: "ingress",
    expected: "internal",
  },
  {
    name: "isolated namespace → world :443",
    flow: () => observed(reader, api, 443),
    side: "egress",
    expected: "https-egress",
  },
];

describe("the repository's profiles", () => {
  it("are listed widest first in the conventions file, and ranked by what they open everywhere else", () => {
    expect(widestFirst.conventions.profiles[0]?.name).toBe("public");
    expect(inferred.conventions.profiles.map((p) => p.name)).toEqual([
      "isolated",
      "internal",
      "https-egress",
      "web-egress",
      "public",
    ]);
    expect(inferred.conventions.profileGrants.find((g) => g.profile === "web-egress")).toEqual({
      profile: "web-egress",
      gatewayIngress: ["internal"],
      worldEgressPorts: [443, 80],
    });
  });
});

describe.each([
  ["inferred conventions", inferred],
  ["a conventions file listing the profiles widest first", widestFirst],
] as [string, PipelineView][])("the least permissive profile that fixes the drop, with %s", (_, view) => {
  it.each(DROPS)("$name: $expected", ({ flow: make, side, expected }) => {
    const flow = make();
    const setProfile = {
      type: "set-namespace-labels",
      namespace: flow.direction === "ingress" ? flow.destination.namespace : flow.source.namespace,
      set: { [PROFILE]: expected },
      remove: [],
    };

    const proposal = proposeFixForDrops([flow], view.evaluation);
    expect(proposal.kind).toBe("change");
    if (proposal.kind !== "change") return;
    expect(proposal.changes[0]).toEqual(setProfile);

    const table = classifyDrop(flow, view.facts, view.conventions);
    expect(table.fix).toContain(`Set ${PROFILE}: ${expected} on namespace ${setProfile.namespace}`);

    const worded = dropAnswers([flow], view.facts, view.evaluation, 5 * 60_000).answer(flow);
    expect(worded.change).toEqual(proposal.changes[0]);
    expect(worded.fix).toContain(`Set ${PROFILE}: ${expected} on namespace ${setProfile.namespace}`);

    const verdict = evaluateConnection(queryFromFlow(flow), view.evaluation);
    expect(verdict.hints[side][0]?.changes).toEqual([
      { namespace: setProfile.namespace, set: { [PROFILE]: expected }, remove: [] },
    ]);
    expect(verdict.sentence).toContain(`if namespace ${setProfile.namespace} carried ${PROFILE}=${expected}`);
  });
});
