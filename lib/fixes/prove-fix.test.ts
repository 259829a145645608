import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { Flow } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import { buildEvaluationContext } from "@/lib/evaluator/evaluation-context";
import { homelabCluster, homelabPod, PODS } from "@/lib/evaluator/testing/homelab-cluster";
import { proposeFix } from "./propose-fix";
import { proveFix } from "./prove-fix";
import { observed, podPeer, times, worldPeer } from "./testing/flows";

const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const label = (namespace: string, key: string, value: string): GitOpsChange => ({
  type: "set-namespace-labels",
  namespace,
  set: { [key]: value },
  remove: [],
});
const POSTGRES = label("app", "access.network-policy.homelab/postgres", "true");
const PROFILE = "network-policy.homelab/profile";
const GATEWAY_TEXT =
  "ingress from the external gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=external) on 8080/TCP";

describe("proveFix", () => {
  const flows: Flow[] = [
    // Two pods of one identity, dropped on their way to postgres.
    ...times(3, () => observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432)),
    ...times(2, () =>
      observed(podPeer({ ...PODS.app, name: "app-2" }, "10.244.0.11"), podPeer(PODS.postgres), 5432),
    ),
    // Dropped for another reason the label does not touch.
    ...times(2, () => observed(podPeer(PODS.app), worldPeer("1.2.3.4"), 443)),
    // Passing today.
    ...times(4, () =>
      observed(podPeer(PODS.app), podPeer(PODS.coredns), 53, { verdict: "FORWARDED", protocol: "UDP" }),
    ),
    // Out of scope: neither side is in namespace app.
    ...times(5, () => observed(podPeer(PODS.batch), podPeer(PODS.postgres), 5432)),
    // Not a policy drop.
    observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432, { dropReason: "CT_MAP_INSERTION_FAILED" }),
  ];

  it("counts the observed drops the change fixes, of those in scope, on distinct connections", () => {
    const proof = proveFix(POSTGRES, flows, context);
    expect(proof).toMatchObject({
      dropsInScope: 7,
      fixes: 5,
      stillDropped: 2,
      alreadyAllowed: 0,
      newlyDropped: 0,
      connections: 3,
    });
    expect(proof.stillDroppedExamples).toEqual([
      "dropped on egress of app/app-1: nothing allows TCP 443 to world (1.2.3.4); " +
        "CCNP profile-internal-egress would, if namespace app carried network-policy.homelab/profile=internal-egress; " +
        "CCNP profile-standard would, if namespace app carried network-policy.homelab/profile=standard",
    ]);
  });

  it("lists what the fixed drops use and finds nothing beyond them", () => {
    const proof = proveFix(POSTGRES, flows, context);
    expect(proof.opens).toEqual(["egress to all pods in database on 5432/TCP"]);
    expect(proof.newlyAllowedBeyond).toEqual([]);
    expect(proof.sentence).toBe(
      "Set access.network-policy.homelab/postgres=true on namespace app: lets through 5 of the 7 observed drops involving app; 2 stay dropped; " +
        "it drops nothing that passes today; it opens nothing beyond the observed drops",
    );
  });

  it("names what a profile opens beyond the drops it fixes (the external gateway, HTTPS egress)", () => {
    const drops = times(3, () =>
      observed(podPeer(PODS.internalGateway), podPeer(PODS.dash), 8080, { direction: "ingress" }),
    );
    const proof = proveFix(label("dash", PROFILE, "standard"), drops, context);
    expect(proof.fixes).toBe(3);
    expect(proof.opens).toEqual([
      "ingress from the internal gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=internal) on 8080/TCP",
    ]);
    expect(proof.newlyAllowedBeyond).toEqual([GATEWAY_TEXT, "egress to world on 443/TCP"]);
    expect(proof.sentence).toContain(`it also opens ${GATEWAY_TEXT}; egress to world on 443/TCP`);
  });

  it("the least permissive profile opens nothing beyond the drops", () => {
    const drops = [
      observed(podPeer(PODS.internalGateway), podPeer(PODS.dash), 8080, { direction: "ingress" }),
    ];
    const proposal = proposeFix(drops, context);
    if (proposal.kind !== "change") throw new Error(proposal.explanation);
    expect(proveFix(proposal.changes, drops, context).newlyAllowedBeyond).toEqual([]);
  });

  it("counts flows passing today that the change would drop", () => {
    const passing = [
      ...times(6, () =>
        observed(podPeer(PODS.internalGateway), podPeer(PODS.notes), 8080, {
          verdict: "FORWARDED",
          direction: "ingress",
        }),
      ),
    ];
    const proof = proveFix(label("notes", PROFILE, "isolated"), passing, context);
    expect(proof.newlyDropped).toBe(6);
    expect(proof.newlyDroppedExamples[0]).toBe(
      "dropped on ingress of notes/notes-1: nothing allows TCP 8080 from istio-gateway/internal-gw-1; " +
        "CCNP profile-internal would, if namespace notes carried network-policy.homelab/profile=internal; " +
        "CCNP profile-internal-egress would, if namespace notes carried network-policy.homelab/profile=internal-egress (and 1 more)",
    );
    expect(proof.sentence).toContain("it would drop 6 flows that pass today");
  });

  it("reports drops the current policies already allow apart from the fixes", () => {
    const drops = [observed(podPeer(PODS.shop), podPeer(PODS.postgres), 5432)];
    const proof = proveFix(label("shop", "access.network-policy.homelab/dragonfly", "true"), drops, context);
    expect(proof).toMatchObject({ dropsInScope: 1, fixes: 0, alreadyAllowed: 1 });
    expect(proof.opens).toEqual([]);
    expect(proof.newlyAllowedBeyond).toEqual([
      "egress to cache pods app.kubernetes.io/name=dragonfly on 6379/TCP",
    ]);
  });

  it("proves CNP rules for a platform namespace", () => {
    const drops = times(2, () =>
      observed(podPeer(PODS.ztunnel), podPeer(PODS.garage), 15008, { direction: "ingress" }),
    );
    const proposal = proposeFix(drops, context);
    if (proposal.kind !== "change") throw new Error(proposal.explanation);
    const proof = proveFix(proposal.changes, drops, context);
    expect(proof.fixes).toBe(2);
    expect(proof.opens).toEqual(["ingress from ztunnel (istio-system pods app=ztunnel) on 15008/TCP"]);
    expect(proof.newlyAllowedBeyond).toEqual([
      "egress to ztunnel (istio-system pods app=ztunnel) on 15008/TCP",
    ]);
  });

  it("handles twenty thousand observed flows quickly by evaluating distinct connections", () => {
    const namespaces = ["app", "dash", "notes", "blog", "shop", "batch"];
    const many: Flow[] = [];
    for (let i = 0; i < 20_000; i++) {
      const namespace = namespaces[i % namespaces.length]!;
      const pod = homelabPod(
        namespace,
        { app: namespace, replica: String(i % 40) },
        `${namespace}-${i % 40}`,
      );
      const port = [5432, 443, 53, 8080][i % 4]!;
      const destination =
        port === 5432
          ? podPeer(PODS.postgres)
          : port === 443
            ? worldPeer(`203.0.113.${i % 50}`)
            : podPeer(PODS.coredns);
      many.push(
        observed(podPeer(pod), destination, port, { verdict: i % 3 === 0 ? "FORWARDED" : "DROPPED" }),
      );
    }
    const proof = proveFix(POSTGRES, many, context);
    const inApp = many.filter((f) => f.source.namespace === "app");
    expect(proof.dropsInScope).toBe(inApp.filter((f) => f.verdict === "DROPPED").length);
    expect(proof.fixes).toBe(
      inApp.filter((f) => f.verdict === "DROPPED" && f.destinationPort === 5432).length,
    );
    expect(proof.connections).toBeLessThan(2_000);
  });
});
