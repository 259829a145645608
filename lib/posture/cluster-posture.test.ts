import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { ccnp, cnp, homelabBaselines, pod } from "@/lib/policy/testing/builders";
import { clusterPostureIn, computeClusterPosture, policyViewsIn } from "./cluster-posture";
import { buildPostureContext } from "./posture-context";
import { computeNamespacePosture } from "./namespace-posture";
import { homelab, NOW } from "./testing/homelab";

const compute = (objects: ReturnType<typeof homelab>) =>
  computeClusterPosture(objects, DEFAULT_CONVENTIONS, NOW);
const baselinesWithout = (name: string) => homelabBaselines().filter((p) => p.metadata.name !== name);

describe("CNI", () => {
  it("is enforcing when Cilium agent pods run in kube-system", () => {
    const posture = compute(homelab());
    expect(posture.cni).toMatchObject({ enforcing: true, agentPods: 1, runningAgentPods: 1 });
    expect(posture.findings.map((f) => f.code)).not.toContain("cni-not-enforcing");
  });

  it("is not enforcing without agent pods: every policy is inert", () => {
    const posture = compute(homelab({ withoutCilium: true }));
    expect(posture.cni).toMatchObject({ enforcing: false, agentPods: 0 });
    const found = posture.findings.find((f) => f.code === "cni-not-enforcing");
    expect(found?.severity).toBe("critical");
    expect(found?.message).toMatch(/every policy is inert/);
    expect(posture.namespaces.every((ns) => ns.policiesInert)).toBe(true);
  });

  it("is not enforcing when agent pods exist but none runs, nor for look-alikes elsewhere", () => {
    const pending = compute(
      homelab({
        withoutCilium: true,
        pods: [pod("kube-system", "cilium-x", { "k8s-app": "cilium" }, { phase: "Pending" })],
      }),
    );
    expect(pending.cni).toMatchObject({ enforcing: false, agentPods: 1, runningAgentPods: 0 });
    const elsewhere = compute(
      homelab({ withoutCilium: true, pods: [pod("default", "cilium-x", { "k8s-app": "cilium" })] }),
    );
    expect(elsewhere.cni.enforcing).toBe(false);
  });
});

describe("baselines", () => {
  it("are present, with the CCNPs that provide them", () => {
    const { baselines, findings } = compute(homelab());
    expect(baselines.dns).toMatchObject({ status: "present", policies: ["baseline-dns"] });
    expect(baselines.health).toMatchObject({ status: "present", policies: ["baseline-health"] });
    expect(baselines.scrape).toMatchObject({ status: "present", policies: ["baseline-scrape"] });
    expect(findings).toEqual([]);
  });

  it("missing-baseline: each missing baseline is a finding, DNS and health critical", () => {
    const posture = compute(homelab({ withoutBaselines: true }));
    expect(posture.baselines.dns.status).toBe("missing");
    const missing = posture.findings
      .filter((f) => f.code === "missing-baseline")
      .map((f) => [f.severity, f.message.split(" (")[0]]);
    expect(missing).toEqual([
      ["critical", "the cluster-wide dns baseline is missing"],
      ["critical", "the cluster-wide health baseline is missing"],
      ["warning", "the cluster-wide scrape baseline is missing"],
    ]);
  });

  it("are judged by what rules allow, not by policy names, and only from policies selecting every pod", () => {
    const renamed = ccnp("anything", {
      endpointSelector: {},
      egress: [{ toEntities: ["cluster"], toPorts: [{ ports: [{ port: "53", protocol: "ANY" }] }] }],
    });
    const onlySome = ccnp("baseline-dns", {
      endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.team": "a" } },
      egress: [{ toEntities: ["cluster"], toPorts: [{ ports: [{ port: "53", protocol: "ANY" }] }] }],
    });
    expect(
      compute(homelab({ withoutBaselines: true, ccnps: [...baselinesWithout("baseline-dns"), renamed] }))
        .baselines.dns,
    ).toMatchObject({
      status: "present",
      policies: ["anything"],
    });
    expect(
      compute(homelab({ withoutBaselines: true, ccnps: [...baselinesWithout("baseline-dns"), onlySome] }))
        .baselines.dns.status,
    ).toBe("missing");
  });

  it("a health baseline without the link-local CIDR is partial", () => {
    const entityOnly = ccnp("baseline-health", {
      endpointSelector: {},
      ingress: [{ fromEntities: ["health"] }],
    });
    const posture = compute(
      homelab({ withoutBaselines: true, ccnps: [...baselinesWithout("baseline-health"), entityOnly] }),
    );
    expect(posture.baselines.health.status).toBe("partial");
    expect(posture.findings.find((f) => f.message.includes("health baseline"))?.severity).toBe("warning");
  });
});

describe("cluster posture", () => {
  it("lists every namespace sorted, each as computeNamespacePosture sees it", () => {
    const objects = homelab();
    const posture = compute(objects);
    expect(posture.namespaces.map((n) => n.name)).toEqual([
      "batch",
      "database",
      "istio-system",
      "kube-system",
      "monitoring",
      "shop",
    ]);
    const { policyViews, ...database } = computeNamespacePosture(
      "database",
      objects,
      DEFAULT_CONVENTIONS,
      NOW,
    )!;
    expect(posture.namespaces.find((n) => n.name === "database")).toEqual(database);
    // Renderings live apart from the namespaces, once per policy.
    const views = policyViewsIn(buildPostureContext(objects, DEFAULT_CONVENTIONS));
    for (const view of policyViews) expect(views).toContainEqual(view);
    expect(posture.generatedAt).toBe("2025-03-01T12:00:00.000Z");
  });

  it("counts namespaces by kind, profile, enforcement and status, and findings by severity", () => {
    const { counts } = compute(homelab());
    expect(counts).toEqual({
      namespaces: 6,
      byKind: { platform: 4, application: 2 },
      byProfile: { "(none)": 4, isolated: 1, standard: 1 },
      byEnforcement: { enforced: 6, disabled: 0, unselected: 0 },
      byStatus: { critical: 0, warning: 0, info: 1, ok: 5 },
      findingsBySeverity: { critical: 0, warning: 0, info: 1 },
    });
  });

  it("reports CCNP findings once, at cluster level", () => {
    const wide = ccnp("allow-all-from-cluster", {
      endpointSelector: {},
      ingress: [{ fromEntities: ["cluster"] }],
    });
    const posture = compute(homelab({ ccnps: [wide] }));
    expect(posture.findings.filter((f) => f.code === "any-port").map((f) => f.policy?.name)).toEqual([
      "allow-all-from-cluster",
    ]);
    expect(posture.namespaces.flatMap((n) => n.findings).filter((f) => f.code === "any-port")).toEqual([]);
    expect(posture.counts.findingsBySeverity.warning).toBe(1);
  });

  it("renders every policy once, baselines first, including those that select no pod", () => {
    const hostPolicy = ccnp("host-fw", { nodeSelector: {}, ingress: [{ fromEntities: ["cluster"] }] });
    const views = policyViewsIn(buildPostureContext(homelab({ ccnps: [hostPolicy] }), DEFAULT_CONVENTIONS));
    expect(views).toHaveLength(homelabBaselines().length + 1 + 4);
    expect(views[0]?.role).toBe("baseline");
    expect(views.find((p) => p.id === "CCNP/host-fw")).toMatchObject({
      subject: "host policy (all nodes)",
      rules: [{ text: "ingress from entity cluster on any port" }],
    });
  });

  it("lists host policies apart, and draws no namespace conclusion from them", () => {
    const hostPolicy = ccnp("host-fw", {
      description: "Control-plane nodes: API server from the LAN",
      nodeSelector: { matchLabels: { "node-role.kubernetes.io/control-plane": "" } },
      ingress: [{ fromEntities: ["cluster"] }, { fromCIDR: ["${NODE_CIDR}"] }],
    });
    const posture = compute(homelab({ ccnps: [hostPolicy] }));
    expect(posture.hostPolicies).toEqual([
      {
        id: "CCNP/host-fw",
        ref: { kind: "CCNP", name: "host-fw" },
        subject: "host policy (nodes node-role.kubernetes.io/control-plane=)",
        description: "Control-plane nodes: API server from the LAN",
        rules: [
          "ingress from entity cluster on any port",
          "ingress: not understood (unresolved variable ${NODE_CIDR})",
        ],
      },
    ]);
    const mentions = posture.namespaces.flatMap((n) => [
      ...n.policies.map((p) => posture.policies[p.id]?.ref.name),
      ...n.findings.map((f) => f.policy?.name),
    ]);
    expect(mentions).not.toContain("host-fw");
    expect(posture.baselines.health.policies).not.toContain("host-fw");
    expect(posture.findings.filter((f) => f.policy?.name === "host-fw").map((f) => f.code)).toEqual([
      "any-port",
      "unresolved-variable",
    ]);
    expect(compute(homelab()).hostPolicies).toEqual([]);
  });

  it("reports a cluster-wide rule open to every pod once at cluster level too", () => {
    const wide = ccnp("intra-namespace", { endpointSelector: {}, egress: [{ toEndpoints: [{}] }] });
    const posture = compute(homelab({ ccnps: [wide] }));
    expect(posture.findings.filter((f) => f.code === "open-to-every-pod").map((f) => f.message)).toEqual([
      "CCNP intra-namespace egress rule 1 lets its pods reach every pod of every namespace on any port: access labels cannot narrow what these pods reach; only the receivers' ingress rules can",
    ]);
    expect(posture.counts.byStatus.critical).toBe(6);
  });

  it("reports policies in namespaces that do not exist", () => {
    const stray = cnp("gone", "leftover", { endpointSelector: {}, egress: [{ toCIDR: ["10.0.0.0/8"] }] });
    const posture = compute(homelab({ cnps: [stray] }));
    expect(
      posture.findings.some(
        (f) => f.policy?.name === "leftover" && f.message.includes("namespace gone does not exist"),
      ),
    ).toBe(true);
  });

  it("runs the platform checks on platform namespaces only, and on all in the detail", () => {
    const posture = compute(homelab());
    expect(posture.namespaces.find((n) => n.name === "shop")?.platformChecks).toEqual([]);
    expect(posture.namespaces.find((n) => n.name === "database")?.platformChecks).toHaveLength(4);
    expect(computeNamespacePosture("shop", homelab(), DEFAULT_CONVENTIONS, NOW)?.platformChecks).toHaveLength(
      4,
    );
  });

  it("can reuse one context across requests", () => {
    const context = buildPostureContext(homelab(), DEFAULT_CONVENTIONS);
    expect(clusterPostureIn(context, NOW)).toEqual(clusterPostureIn(context, NOW));
  });

  it("is plain JSON", () => {
    const posture = compute(homelab({ withoutBaselines: true }));
    expect(JSON.parse(JSON.stringify(posture))).toStrictEqual(posture);
  });
});

describe("policies selecting namespaces", () => {
  it("names each policy once and has every namespace refer to it by id", () => {
    const posture = compute(homelab());
    const referred = new Set(posture.namespaces.flatMap((ns) => ns.policies.map((p) => p.id)));
    expect(Object.keys(posture.policies).sort()).toEqual([...referred].sort());
    // A baseline selects every namespace, yet is described once.
    const baseline = Object.values(posture.policies).find((p) => p.role === "baseline");
    expect(baseline).toBeDefined();
    const selectingIt = posture.namespaces.filter((ns) => ns.policies.some((p) => p.id === baseline!.id));
    expect(selectingIt.length).toBe(posture.namespaces.length);
    expect(selectingIt[0]!.policies.find((p) => p.id === baseline!.id)).toEqual({
      id: baseline!.id,
      coverage: "all",
      podsSelected: expect.any(Number),
    });
  });
});
