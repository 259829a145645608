import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { changeProblem } from "@/lib/gitops/change";
import { hboneRule } from "@/lib/gitops/platform-cnp";
import { cnp } from "@/lib/policy/testing/builders";
import { buildEvaluationContext } from "@/lib/evaluator/evaluation-context";
import { homelabCluster, PODS } from "@/lib/evaluator/testing/homelab-cluster";
import type { FixProposal } from "./fix-proposal";
import { proposeFix } from "./propose-fix";
import { observed, podPeer, reservedPeer, times, worldPeer } from "./testing/flows";

const context = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const ACCESS = "access.network-policy.homelab/";
const PROFILE = "network-policy.homelab/profile";

function change(proposal: FixProposal) {
  if (proposal.kind !== "change")
    throw new Error(`expected a change, got ${proposal.kind}: ${proposal.explanation}`);
  for (const c of proposal.changes) expect(changeProblem(c)).toBeNull();
  return proposal;
}

const setLabel = (namespace: string, key: string, value: string) => ({
  type: "set-namespace-labels",
  namespace,
  set: { [key]: value },
  remove: [],
});

describe("access labels", () => {
  it("egress to postgres: adds the postgres access label, which opens both sides", () => {
    const drops = times(4, () => observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432));
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes).toEqual([setLabel("app", `${ACCESS}postgres`, "true")]);
    expect(proposal).toMatchObject({ fixed: 4, total: 4 });
    expect(proposal.steps[0]).toBe(`Add ${ACCESS}postgres=true to namespace app (PostgreSQL on 5432)`);
    expect(proposal.explanation).toContain("Now: dropped on egress of app/app-1: nothing allows TCP 5432");
    expect(proposal.explanation).toContain(
      "With the change: allowed TCP 5432 from app/app-1 to database/postgres-0",
    );
  });

  it("egress to dragonfly: adds the dragonfly label", () => {
    const drops = [observed(podPeer(PODS.app), podPeer(PODS.dragonfly), 6379)];
    expect(change(proposeFix(drops, context)).changes).toEqual([
      setLabel("app", `${ACCESS}dragonfly`, "true"),
    ]);
  });

  it("egress to garage S3: adds the garage-s3 label", () => {
    const drops = [observed(podPeer(PODS.app), podPeer(PODS.garage), 3900)];
    expect(change(proposeFix(drops, context)).changes).toEqual([
      setLabel("app", `${ACCESS}garage-s3`, "true"),
    ]);
  });

  it("egress to the kube-apiserver: adds the kube-api label", () => {
    const drops = [observed(podPeer(PODS.app), reservedPeer("kube-apiserver"), 6443)];
    expect(change(proposeFix(drops, context)).changes).toEqual([
      setLabel("app", `${ACCESS}kube-api`, "true"),
    ]);
  });

  it("a drop at the server's ingress is fixed on the client's namespace", () => {
    // A namespace whose own CNP opens all its egress: only database's ingress drops it.
    const objects = homelabCluster();
    const withOpen = buildEvaluationContext(
      {
        ...objects,
        namespaces: [
          ...objects.namespaces,
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy" } },
        ],
        ciliumnetworkpolicies: [
          ...objects.ciliumnetworkpolicies,
          cnp("legacy", "open-egress", { endpointSelector: {}, egress: [{ toEntities: ["all"] }] }),
        ],
      },
      DEFAULT_CONVENTIONS,
    );
    const legacy = { kind: "pod" as const, namespace: "legacy", labels: { app: "old" }, name: "old-1" };
    const drops = [observed(podPeer(legacy), podPeer(PODS.postgres), 5432, { direction: "ingress" })];
    const proposal = change(proposeFix(drops, withOpen));
    expect(proposal.explanation).toMatch(/^Now: dropped on ingress of database\/postgres-0/);
    expect(proposal.changes).toEqual([setLabel("legacy", `${ACCESS}postgres`, "true")]);
    // The platform CNP rule would fix it too, but the access label is the smaller change.
    expect(proposal.alternatives.map((a) => a.changes[0]!.type)).toContain("add-cnp-rules");
  });
});

describe("profiles", () => {
  it("internal gateway ingress to an isolated namespace: switches to internal", () => {
    const drops = [
      observed(podPeer(PODS.internalGateway), podPeer(PODS.dash), 8080, { direction: "ingress" }),
    ];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes).toEqual([setLabel("dash", PROFILE, "internal")]);
    expect(proposal.steps[0]).toBe(
      "Switch namespace dash from isolated to profile internal (ingress internal gateway; egress DNS only)",
    );
    expect(proposal.alternatives.map((a) => a.summary)).toEqual([
      expect.stringContaining("profile internal-egress"),
      expect.stringContaining("profile standard"),
    ]);
  });

  it("world 443 from an internal namespace: switches to internal-egress", () => {
    const drops = [observed(podPeer(PODS.notes), worldPeer("140.82.112.6", ["api.github.com"]), 443)];
    expect(change(proposeFix(drops, context)).changes).toEqual([
      setLabel("notes", PROFILE, "internal-egress"),
    ]);
  });

  it("external gateway ingress to internal-egress: switches to standard", () => {
    const drops = [
      observed(podPeer(PODS.externalGateway), podPeer(PODS.blog), 8080, { direction: "ingress" }),
    ];
    expect(change(proposeFix(drops, context)).changes).toEqual([setLabel("blog", PROFILE, "standard")]);
  });

  it("never drops what the current profile opens: internal needing HTTPS skips isolated-like options", () => {
    const drops = [observed(podPeer(PODS.notes), worldPeer("1.2.3.4"), 443)];
    const proposal = change(proposeFix(drops, context));
    const offered = [proposal.changes, ...proposal.alternatives.map((a) => a.changes)].map(
      (c) => (c[0] as { set: Record<string, string> }).set[PROFILE],
    );
    expect(offered).toEqual(["internal-egress", "standard"]);
  });

  it("combines changes when the group needs two: an access label and a profile", () => {
    const drops = [
      observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432),
      observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432),
      observed(podPeer(PODS.app), worldPeer("1.2.3.4"), 443),
    ];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes).toEqual([
      setLabel("app", `${ACCESS}postgres`, "true"),
      setLabel("app", PROFILE, "internal-egress"),
    ]);
    expect(proposal.total).toBe(3);
  });
});

describe("platform namespaces", () => {
  it("HBONE into an ambient namespace whose CNP lacks it: adds the HBONE rules, both ways", () => {
    const drops = [observed(podPeer(PODS.ztunnel), podPeer(PODS.garage), 15008, { direction: "ingress" })];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes).toEqual([
      { type: "add-cnp-rules", namespace: "garage", ingress: [hboneRule()], egress: [hboneRule()] },
    ]);
    expect(proposal.steps[0]).toBe("Add 2 rules to the platform CNP of garage: HBONE (ambient mesh)");
  });

  it("a scrape on a port the CNP does not open: adds the scrape rule on that port", () => {
    const drops = [observed(podPeer(PODS.prometheus), podPeer(PODS.garage), 8080, { direction: "ingress" })];
    expect(change(proposeFix(drops, context)).changes).toEqual([
      {
        type: "add-cnp-rules",
        namespace: "garage",
        ingress: [
          {
            comment: "Prometheus scraping",
            endpoints: [
              { "io.kubernetes.pod.namespace": "monitoring", "app.kubernetes.io/name": "prometheus" },
            ],
            ports: [{ port: 8080, protocol: "TCP" }],
          },
        ],
      },
    ]);
  });

  it("never gives a platform namespace a label: it creates its missing CNP with a rule for the peer", () => {
    const drops = [observed(podPeer(PODS.certManager), reservedPeer("kube-apiserver"), 6443)];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes).toEqual([
      {
        type: "add-platform-cnp",
        namespace: "cert-manager",
        description: "cert-manager: platform namespace",
        metricsPort: 9090,
        ambient: false,
        extraRules: {
          egress: [
            {
              comment: "Entity kube-apiserver",
              entities: ["kube-apiserver"],
              ports: [{ port: 6443, protocol: "TCP" }],
            },
          ],
        },
      },
    ]);
  });

  it("a platform namespace's traffic to another app: a rule naming the peer by namespace and app label", () => {
    const drops = [observed(podPeer(PODS.garage), podPeer(PODS.shop), 8080)];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes[0]).toMatchObject({
      type: "add-cnp-rules",
      namespace: "garage",
      egress: [
        {
          endpoints: [{ "io.kubernetes.pod.namespace": "shop", app: "web" }],
          ports: [{ port: 8080, protocol: "TCP" }],
        },
      ],
    });
  });
});

describe("when no change is the answer", () => {
  it("a datapath drop is not a policy problem", () => {
    const drops = [
      observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432, { dropReason: "CT_MAP_INSERTION_FAILED" }),
    ];
    const proposal = proposeFix(drops, context);
    expect(proposal.kind).toBe("not-a-policy-problem");
    expect(proposal.kind === "not-a-policy-problem" && proposal.explanation).toContain(
      "CT_MAP_INSERTION_FAILED: The connection-tracking table is full",
    );
  });

  it("leaves non-policy drops out of a mixed group and says so", () => {
    const drops = [
      observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432),
      observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432, { dropReason: "STALE_OR_UNROUTABLE_IP" }),
    ];
    const proposal = change(proposeFix(drops, context));
    expect(proposal).toMatchObject({ fixed: 1, total: 1 });
    expect(proposal.explanation).toContain("1 other drop was not a policy drop and is left out");
  });

  it("what the current policies allow needs no change", () => {
    const drops = [observed(podPeer(PODS.shop), podPeer(PODS.postgres), 5432)];
    const proposal = proposeFix(drops, context);
    expect(proposal.kind).toBe("already-allowed");
    expect(proposal.kind === "already-allowed" && proposal.explanation).toContain(
      "The current policies allow it: allowed TCP 5432 from shop/web-1 to database/postgres-0",
    );
  });

  it("a deny rule is not overridden by the conventions' vocabulary", () => {
    const objects = homelabCluster();
    const denied = buildEvaluationContext(
      {
        ...objects,
        ciliumnetworkpolicies: [
          ...objects.ciliumnetworkpolicies,
          cnp("app", "no-db", {
            endpointSelector: {},
            egressDeny: [{ toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "database" } }] }],
          }),
        ],
      },
      DEFAULT_CONVENTIONS,
    );
    const drops = [observed(podPeer(PODS.app), podPeer(PODS.postgres), 5432, { dropReason: "POLICY_DENY" })];
    const proposal = proposeFix(drops, denied);
    expect(proposal.kind).toBe("no-fix");
    expect(proposal.kind === "no-fix" && proposal.explanation).toContain(
      "No label or profile overrides a deny rule",
    );
  });

  it("DNS dropped because the baseline is missing: no label fixes it, the classification says what to check", () => {
    const withoutDns = buildEvaluationContext(
      homelabCluster({ without: ["baseline-dns"] }),
      DEFAULT_CONVENTIONS,
    );
    const drop = observed(podPeer(PODS.shop), podPeer(PODS.coredns), 53, { protocol: "UDP" });
    const facts = {
      namespaceLabels: { shop: { [PROFILE]: "standard" } },
      dnsBaselinePresent: false,
      scrapeBaselinePresent: true,
      healthBaselinePresent: true,
    };
    const classification = classifyDrop(drop, facts, DEFAULT_CONVENTIONS);
    const proposal = proposeFix([drop], withoutDns, { classification });
    expect(proposal.kind).toBe("no-fix");
    expect(proposal.kind === "no-fix" && proposal.explanation).toContain(
      "Dropped on egress of shop/web-1: nothing allows UDP 53 to kube-system/coredns-1",
    );
    expect(proposal.kind === "no-fix" && proposal.explanation).toContain(classification.fix);
  });

  it("a port no profile opens has no fix in the vocabulary", () => {
    const drops = [observed(podPeer(PODS.app), worldPeer("1.2.3.4"), 8443)];
    const proposal = proposeFix(drops, context);
    expect(proposal.kind).toBe("no-fix");
    expect(proposal.kind === "no-fix" && proposal.explanation).toBe(
      "Dropped on egress of app/app-1: nothing allows TCP 8443 to world (1.2.3.4). No access label, profile or platform CNP rule in the conventions allows it.",
    );
  });

  it("the escape hatch is never proposed", () => {
    const drops = [observed(podPeer(PODS.app), worldPeer("1.2.3.4"), 8443)];
    const proposal = proposeFix(drops, context);
    expect(JSON.stringify(proposal)).not.toContain("enforcement");
  });
});

describe("flows with labels Kubernetes would refuse", () => {
  it("are skipped and counted; the rest of the group still gets its fix", () => {
    const forged = { ...PODS.shop, labels: { ...PODS.shop.labels, app: "<b>x</b>" } };
    const drops = [
      ...times(3, () => observed(podPeer(PODS.garage), podPeer(PODS.shop), 8080)),
      observed(podPeer(PODS.garage), podPeer(forged), 8080),
    ];
    const proposal = change(proposeFix(drops, context));
    expect(proposal.changes[0]).toMatchObject({
      type: "add-cnp-rules",
      egress: [{ endpoints: [{ "io.kubernetes.pod.namespace": "shop", app: "web" }] }],
    });
    expect(proposal.total).toBe(3);
    expect(proposal.explanation).toMatch(/ 1 flow with invalid labels skipped\.$/);
  });

  it("a group of only such flows has no fix, and says why", () => {
    const forged = { ...PODS.shop, namespace: "Shop!" };
    const proposal = proposeFix(
      times(2, () => observed(podPeer(PODS.garage), podPeer(forged), 8080)),
      context,
    );
    expect(proposal).toEqual({
      kind: "no-fix",
      explanation: "No flow of the group can be used for a fix. 2 flows with invalid labels skipped.",
    });
  });
});
