import { describe, expect, it } from "vitest";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { ManagedFieldsEntry } from "@/lib/kube/types";
import {
  ccnp,
  cnp,
  DNS_EGRESS,
  HEALTH_INGRESS,
  homelabBaselines,
  netpol,
  ns,
  pod,
  SCRAPE_INGRESS,
} from "@/lib/policy/testing/builders";
import type { FindingCode } from "./findings";
import { computeNamespacePosture, withSummaries, type NamespacePostureDetail } from "./namespace-posture";
import type { ClusterObjects } from "./posture-context";
import { homelab, NOW, platformCnp } from "./testing/homelab";

/** The namespace's selecting policies with what each is, as its page resolves them from its views. */
function selecting(ns: NamespacePostureDetail) {
  return withSummaries(ns.policies, Object.fromEntries(ns.policyViews.map((view) => [view.id, view])));
}

function posture(objects: ClusterObjects, name: string): NamespacePostureDetail {
  const result = computeNamespacePosture(name, objects, DEFAULT_CONVENTIONS, NOW);
  if (!result) throw new Error(`no namespace ${name}`);
  return result;
}
const codes = (p: NamespacePostureDetail): FindingCode[] => p.findings.map((f) => f.code);
const findingOf = (p: NamespacePostureDetail, code: FindingCode) => p.findings.find((f) => f.code === code);

const DNS_UDP_TCP = [
  { protocol: "UDP" as const, port: 53 },
  { protocol: "TCP" as const, port: 53 },
];
const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

describe("a namespace that follows the conventions", () => {
  const shop = posture(homelab(), "shop");

  it("is an application governed by its profile", () => {
    expect(shop.kind).toBe("application");
    expect(shop.kindSummary).toBe("application governed by profile standard");
    expect(shop.profile).toMatchObject({
      name: "standard",
      source: "label",
      known: true,
      summary: "standard: ingress internal + external gateway; egress DNS + HTTPS",
      policies: [{ kind: "CCNP", name: "profile-standard" }],
    });
  });

  it("says what each access label opens and which policy grants it", () => {
    expect(shop.accessLabels).toEqual([
      {
        key: "access.network-policy.homelab/postgres",
        name: "postgres",
        resource: "PostgreSQL",
        target: "database",
        targetKind: "namespace",
        ports: [5432],
        opens: "egress to PostgreSQL in namespace database on 5432/TCP",
        policies: [{ kind: "CCNP", name: "access-postgres" }],
      },
    ]);
  });

  it("lists the baseline, profile and access policies that select it, rules rendered", () => {
    expect(selecting(shop).map((p) => [p.role, p.ref.name, p.coverage, p.podsSelected])).toEqual([
      ["baseline", "baseline-dns", "all", 1],
      ["baseline", "baseline-health", "all", 1],
      ["baseline", "baseline-scrape", "all", 1],
      ["profile", "profile-standard", "all", 1],
      ["access", "access-postgres", "all", 1],
    ]);
    const access = selecting(shop).find((p) => p.role === "access");
    expect(access?.directions).toEqual(["egress"]);
    const view = shop.policyViews.find((v) => v.id === access?.id);
    expect(view).toMatchObject({
      role: "access",
      roleDetail: "postgres",
      subject: "all pods in namespaces with access.network-policy.homelab/postgres=true",
    });
    expect(view?.rules.map((r) => r.text)).toEqual(["egress to all pods in database on 5432/TCP"]);
    expect(shop.policyViews.map((v) => v.id)).toEqual(shop.policies.map((p) => p.id));
  });

  it("is enforced, has no findings and its checks pass through the baselines", () => {
    expect(shop.enforcement.enabled).toBe(true);
    expect(shop.findings).toEqual([]);
    expect(shop.worstSeverity).toBeNull();
    expect(shop.platformChecks.filter((c) => c.required)).toEqual([]);
    expect(shop.platformChecks.find((c) => c.id === "dns-egress")?.status).toBe("present");
  });

  it("returns null for a namespace that does not exist", () => {
    expect(computeNamespacePosture("nope", homelab(), DEFAULT_CONVENTIONS, NOW)).toBeNull();
  });
});

describe("profile findings", () => {
  it("no-profile: an application namespace without a profile", () => {
    const tools = posture(homelab({ namespaces: [ns("tools")] }), "tools");
    expect(codes(tools)).toContain("no-profile");
    expect(tools.profile.summary).toBe("no profile: no ingress allowed");
  });

  it("no-profile does not fire for a profiled or a platform namespace", () => {
    expect(codes(posture(homelab(), "shop"))).not.toContain("no-profile");
    expect(codes(posture(homelab(), "monitoring"))).not.toContain("no-profile");
  });

  it("unknown-profile: a profile the conventions do not define", () => {
    const objects = homelab({ namespaces: [ns("x", { "network-policy.homelab/profile": "public" })] });
    expect(codes(posture(objects, "x"))).toEqual(["unknown-profile"]);
    expect(findingOf(posture(objects, "x"), "unknown-profile")?.message).toBe(
      'x has network-policy.homelab/profile="public", but no profile policy selects that value (profiles: isolated, internal, internal-egress, standard): the label opens nothing',
    );
    expect(codes(posture(homelab(), "batch"))).not.toContain("unknown-profile");
  });

  it("profile-not-enforced: a known profile no policy selects, with the annotation pitfall named", () => {
    const objects = homelab({
      namespaces: [
        ns("dash", { "network-policy.homelab/profile": "internal" }),
        ns("notes", {}, { annotations: { "network-policy.homelab/profile": "isolated" } }),
      ],
    });
    expect(codes(posture(objects, "dash"))).toEqual(["profile-not-enforced"]);
    const notes = posture(objects, "notes");
    expect(notes.profile.source).toBe("annotation");
    expect(findingOf(notes, "profile-not-enforced")?.message).toMatch(/annotation.*labels only/);
    expect(codes(posture(objects, "batch"))).not.toContain("profile-not-enforced");
  });

  it("profile-on-platform-namespace: platform namespaces never carry a profile", () => {
    const objects = homelab({ namespaces: [ns("cache", { "network-policy.homelab/profile": "standard" })] });
    expect(codes(posture(objects, "cache"))).toContain("profile-on-platform-namespace");
    expect(codes(posture(homelab(), "monitoring"))).not.toContain("profile-on-platform-namespace");
  });
});

describe("platform findings", () => {
  it("platform-without-cnp: a platform namespace with pods and no CNP of its own", () => {
    const objects = homelab({ cnps: [platformCnp("database")] });
    expect(codes(posture(objects, "kube-system"))).toContain("platform-without-cnp");
    expect(posture(objects, "kube-system").kindSummary).toBe("platform namespace without a hand-crafted CNP");
  });

  it("platform-without-cnp does not fire with a CNP, or without pods", () => {
    expect(codes(posture(homelab(), "kube-system"))).not.toContain("platform-without-cnp");
    const objects = homelab({ namespaces: [ns("kube-public")] });
    expect(codes(posture(objects, "kube-public"))).not.toContain("platform-without-cnp");
  });

  it("platform-check-missing: HBONE missing in an ambient namespace whose CNP lacks it", () => {
    const noHbone = cnp("database", "database-default", {
      endpointSelector: {},
      ingress: [{ fromEntities: ["health"] }, { fromCIDR: ["169.254.0.0/16"] }],
    });
    const database = posture(homelab({ cnps: [noHbone] }), "database");
    const missing = database.findings.filter((f) => f.code === "platform-check-missing");
    expect(missing.map((f) => f.message)).toEqual([
      expect.stringMatching(/^database: HBONE to and from ztunnel is missing/),
    ]);
    expect(database.platformChecks.find((c) => c.id === "hbone")).toMatchObject({
      required: true,
      status: "missing",
    });
  });

  it("platform-check-missing: DNS missing once no baseline provides it", () => {
    const objects = homelab({
      withoutBaselines: true,
      cnps: [
        cnp("monitoring", "monitoring-default", {
          endpointSelector: {},
          ingress: [{ fromEntities: ["health"] }],
        }),
      ],
    });
    const messages = posture(objects, "monitoring")
      .findings.filter((f) => f.code === "platform-check-missing")
      .map((f) => f.message);
    expect(messages.some((m) => m.startsWith("monitoring: DNS egress to kube-dns is missing"))).toBe(true);
  });

  it("platform-check-missing does not fire when the template is complete", () => {
    expect(codes(posture(homelab(), "database"))).not.toContain("platform-check-missing");
  });
});

describe("egress-without-dns", () => {
  const withoutDnsBaseline = () => homelabBaselines().filter((p) => p.metadata.name !== "baseline-dns");

  it("fires when a policy restricts egress and nothing allows DNS", () => {
    const objects = homelab({ withoutBaselines: true, ccnps: withoutDnsBaseline() });
    const shop = posture(objects, "shop");
    expect(findingOf(shop, "egress-without-dns")).toMatchObject({
      policy: { kind: "CCNP", name: "profile-standard" },
    });
  });

  it("does not fire when the restricting policy allows DNS itself", () => {
    const objects = homelab({ withoutBaselines: true, ccnps: withoutDnsBaseline() });
    expect(codes(posture(objects, "batch"))).not.toContain("egress-without-dns");
  });

  it("fires when a deny rule blocks DNS, even with the DNS baseline in place", () => {
    const denyKubeSystem = cnp("shop", "deny-kube-system", {
      endpointSelector: {},
      egressDeny: [{ toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "kube-system" } }] }],
    });
    const shop = posture(homelab({ cnps: [denyKubeSystem] }), "shop");
    expect(findingOf(shop, "egress-without-dns")?.message).toMatch(
      /^CNP shop\/deny-kube-system denies egress to kube-system pods k8s-app=kube-dns on 53\/UDP, and deny rules win/,
    );
  });

  it("does not fire for a deny rule that spares DNS", () => {
    const denyWorld = cnp("shop", "deny-world", {
      endpointSelector: {},
      egressDeny: [{ toEntities: ["world"] }],
    });
    expect(codes(posture(homelab({ cnps: [denyWorld] }), "shop"))).not.toContain("egress-without-dns");
  });

  it("judges per pod when policies select only some pods", () => {
    const objects = homelab({
      withoutBaselines: true,
      namespaces: [ns("api", { "network-policy.homelab/profile": "isolated" })],
      pods: [pod("api", "api-1", { app: "api" }), pod("api", "cron-1", { app: "cron" })],
      ccnps: [],
      netpols: [
        netpol("api", "api-egress", {
          podSelector: { matchLabels: { app: "api" } },
          policyTypes: ["Egress"],
          egress: [{ to: [KUBE_DNS_PEER], ports: DNS_UDP_TCP }],
        }),
        netpol("api", "cron-egress", {
          podSelector: { matchLabels: { app: "cron" } },
          policyTypes: ["Egress"],
          egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 443 }] }],
        }),
      ],
    });
    const gaps = posture(objects, "api").findings.filter((f) => f.code === "egress-without-dns");
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.policy?.name).toBe("cron-egress");
    expect(gaps[0]?.message).toMatch(/for cron-1/);
  });
});

describe("dns-udp-only", () => {
  const dnsPolicy = (ports: { protocol: "UDP" | "TCP"; port: number }[]) =>
    netpol("shop", "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports,
        },
      ],
    });

  it("flags a DNS rule without TCP, naming the baseline that makes it redundant", () => {
    const shop = posture(homelab({ netpols: [dnsPolicy([{ protocol: "UDP", port: 53 }])] }), "shop");
    const found = findingOf(shop, "dns-udp-only");
    expect(found).toMatchObject({ severity: "info", policy: { kind: "NetworkPolicy", name: "allow-dns" } });
    expect(found?.message).toMatch(/CCNP baseline-dns already allows both, so this rule is redundant/);
  });

  it("does not flag a DNS rule with UDP and TCP", () => {
    expect(codes(posture(homelab({ netpols: [dnsPolicy(DNS_UDP_TCP)] }), "shop"))).not.toContain(
      "dns-udp-only",
    );
  });
});

describe("pods and selection", () => {
  it("host-network-pods: a warning in an application namespace, info in a platform one", () => {
    const objects = homelab({ pods: [pod("shop", "debug", { app: "debug" }, { hostNetwork: true })] });
    expect(findingOf(posture(objects, "shop"), "host-network-pods")?.severity).toBe("warning");
    expect(findingOf(posture(objects, "kube-system"), "host-network-pods")?.severity).toBe("info");
    expect(codes(posture(objects, "batch"))).not.toContain("host-network-pods");
  });

  it("no-policy-selects: a namespace nothing selects", () => {
    const objects = homelab({ withoutBaselines: true, namespaces: [ns("open")], pods: [pod("open", "a-1")] });
    const open = posture(objects, "open");
    expect(findingOf(open, "no-policy-selects")?.message).toMatch(/no policy selects open/);
    // The enforcement posture says the same as the finding, never "enforced".
    expect(open.enforcement.state).toBe("unselected");
    expect(open.enforcement.summary).toMatch(/^wide open: no policy selects it/);
    expect(posture(homelab(), "shop").enforcement.state).toBe("enforced");
  });

  it("no-policy-selects: pods left out by policies that select only some pods", () => {
    const objects = homelab({
      withoutBaselines: true,
      namespaces: [ns("part")],
      pods: [pod("part", "a-1", { app: "a" }), pod("part", "b-1", { app: "b" })],
      netpols: [
        netpol("part", "only-a", {
          podSelector: { matchLabels: { app: "a" } },
          policyTypes: ["Ingress"],
          ingress: [{ ports: [{ port: 80 }] }],
        }),
      ],
    });
    const part = posture(objects, "part");
    expect(part.pods.unselected).toEqual(["b-1"]);
    expect(findingOf(part, "no-policy-selects")?.message).toMatch(
      /1 pod\(s\) in part are selected by no policy \(b-1\)/,
    );
    expect(selecting(part).find((p) => p.ref.name === "only-a")).toMatchObject({
      coverage: "some",
      podsSelected: 1,
    });
  });

  it("no-policy-selects does not fire when baselines select everything, or under the escape hatch", () => {
    expect(codes(posture(homelab(), "shop"))).not.toContain("no-policy-selects");
    const objects = homelab({
      withoutBaselines: true,
      namespaces: [ns("hatch", { "network-policy.homelab/enforcement": "disabled" })],
      pods: [pod("hatch", "x")],
    });
    expect(codes(posture(objects, "hatch"))).not.toContain("no-policy-selects");
  });
});

describe("enforcement-disabled", () => {
  const disabledAt = (time: string | null) => {
    const managedFields: ManagedFieldsEntry[] = time
      ? [
          {
            manager: "kubectl-label",
            operation: "Update",
            time,
            fieldsV1: { "f:metadata": { "f:labels": { "f:network-policy.homelab/enforcement": {} } } },
          },
        ]
      : [];
    const namespace = ns(
      "shop",
      { "network-policy.homelab/profile": "standard", "network-policy.homelab/enforcement": "disabled" },
      { managedFields },
    );
    const objects = homelab();
    return posture(
      {
        ...objects,
        namespaces: [...objects.namespaces.filter((n) => n.metadata.name !== "shop"), namespace],
      },
      "shop",
    );
  };

  it("is critical after 24 hours, with the re-enable command and runbook", () => {
    const shop = disabledAt("2025-02-28T10:00:00Z");
    const found = findingOf(shop, "enforcement-disabled");
    expect(found?.severity).toBe("critical");
    expect(found?.message).toContain("kubectl label namespace shop network-policy.homelab/enforcement-");
    expect(found?.message).toContain("docs/runbooks/network-policy-escape-hatch.md");
    expect(shop.enforcement.alert?.name).toBe("NetworkPolicyEnforcementDisabledLong");
  });

  it("is a warning after 5 minutes or when the time is unknown, info before", () => {
    expect(findingOf(disabledAt("2025-03-01T11:00:00Z"), "enforcement-disabled")?.severity).toBe("warning");
    expect(findingOf(disabledAt(null), "enforcement-disabled")?.severity).toBe("warning");
    expect(findingOf(disabledAt("2025-03-01T11:58:00Z"), "enforcement-disabled")?.severity).toBe("info");
  });

  it("switches the namespace from the baselines and profile to the escape-hatch policy", () => {
    const shop = disabledAt("2025-03-01T11:00:00Z");
    expect(selecting(shop).map((p) => [p.role, p.ref.name])).toEqual([["escape-hatch", "escape-hatch"]]);
    expect(codes(shop)).not.toContain("profile-not-enforced");
  });

  it("does not fire while enforced", () => {
    expect(codes(posture(homelab(), "shop"))).not.toContain("enforcement-disabled");
  });
});

describe("label and policy findings attached to the namespace", () => {
  it("malformed-access-label: a value other than true opens nothing", () => {
    const objects = homelab({
      namespaces: [
        ns("x", {
          "network-policy.homelab/profile": "isolated",
          "access.network-policy.homelab/postgres": "yes",
        }),
      ],
    });
    const x = posture(objects, "x");
    expect(findingOf(x, "malformed-access-label")?.severity).toBe("info");
    expect(x.accessLabels).toEqual([]);
    expect(codes(posture(homelab(), "shop"))).not.toContain("malformed-access-label");
  });

  it("carries the findings of the namespace's own policies", () => {
    const objects = homelab({
      cnps: [
        ...["kube-system", "monitoring", "istio-system", "database"].map((n) => platformCnp(n)),
        cnp("shop", "legacy", {
          endpointSelector: {},
          egress: [{ toCIDR: ["10.20.0.0/16"], toPorts: [{ ports: [{ port: "443" }] }] }],
        }),
      ],
      netpols: [
        netpol("shop", "or-bug", {
          podSelector: {},
          ingress: [
            {
              from: [
                { podSelector: { matchLabels: { app: "x" } } },
                { namespaceSelector: { matchLabels: { env: "prod" } } },
              ],
              ports: [{ port: 80 }],
            },
          ],
        }),
      ],
    });
    const shop = posture(objects, "shop");
    expect(findingOf(shop, "hard-coded-ip")?.policy).toEqual({
      kind: "CNP",
      namespace: "shop",
      name: "legacy",
    });
    expect(findingOf(shop, "or-peers-probably-and")?.policy?.name).toBe("or-bug");
    expect(codes(posture(objects, "batch"))).toEqual([]);
  });

  it("marks policies inert without an enforcing CNI", () => {
    expect(posture(homelab({ withoutCilium: true }), "shop").policiesInert).toBe(true);
    expect(posture(homelab(), "shop").policiesInert).toBe(false);
  });
});

describe("Cilium label forms in selectors", () => {
  // The shape of a real repository's health baseline: every endpoint but the never-assigned "none".
  const everyEndpoint = { matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" as const }] };
  const objects = homelab({
    withoutBaselines: true,
    ccnps: [
      ccnp("baseline-health", { endpointSelector: everyEndpoint, ingress: HEALTH_INGRESS }),
      ccnp("baseline-dns", {
        endpointSelector: { matchLabels: { "k8s:io.cilium.k8s.policy.cluster": "default" } },
        egress: [DNS_EGRESS],
      }),
    ],
    // The platform CNP leaves health probes to the baseline.
    cnps: [cnp("database", "database-default", { endpointSelector: {}, ingress: [SCRAPE_INGRESS] })],
  });

  it("a reserved.none DoesNotExist baseline selects every pod: health probes are present, not partial", () => {
    const database = posture(objects, "database");
    const health = database.platformChecks.find((c) => c.id === "health-probes");
    expect(health?.status).toBe("present");
    expect(database.findings.filter((f) => f.message.includes("Health-probe"))).toEqual([]);
    expect(selecting(database).find((p) => p.ref.name === "baseline-health")).toMatchObject({
      role: "baseline",
      coverage: "all",
    });
  });

  it("a selector on the cluster name covers every pod of the local cluster", () => {
    const database = posture(objects, "database");
    expect(database.platformChecks.find((c) => c.id === "dns-egress")?.status).toBe("present");
    expect(selecting(database).find((p) => p.ref.name === "baseline-dns")?.coverage).toBe("all");
  });
});

describe("open-to-every-pod: cluster-wide rules with an empty selector", () => {
  const intraNamespace = ccnp("intra-namespace", {
    description: "Allow intra-namespace traffic",
    endpointSelector: {},
    ingress: [{ fromEndpoints: [{}] }],
    egress: [{ toEndpoints: [{}] }],
  });
  const objects = homelab({ ccnps: [intraNamespace] });

  it("is a critical finding naming the policy and the rule, on every namespace the policy selects", () => {
    for (const name of ["shop", "batch", "database", "kube-system", "monitoring", "istio-system"]) {
      const found = posture(objects, name).findings.filter((f) => f.code === "open-to-every-pod");
      expect(found.map((f) => [f.severity, f.message, f.rules])).toEqual([
        [
          "critical",
          "CCNP intra-namespace ingress rule 1 admits every pod of every namespace on any port: it voids every access label",
          ["spec.ingress[0]"],
        ],
        [
          "critical",
          "CCNP intra-namespace egress rule 1 lets its pods reach every pod of every namespace on any port: it voids every access label",
          ["spec.egress[0]"],
        ],
      ]);
      expect(found.every((f) => f.namespace === name)).toBe(true);
    }
  });

  it("keeps the summaries from claiming restrictions the rule voids", () => {
    const shop = posture(objects, "shop");
    expect(shop.everyPod.map((r) => r.name)).toEqual(["ingress rule 1", "egress rule 1"]);
    expect(shop.profile.summary).toBe(
      "standard: ingress internal + external gateway; egress DNS + HTTPS — but CCNP intra-namespace ingress rule 1 admits every pod of every namespace on any port",
    );
    expect(shop.accessLabels[0]?.opens).toBe(
      "egress to PostgreSQL in namespace database on 5432/TCP — but CCNP intra-namespace egress rule 1 lets its pods reach every pod of every namespace on any port",
    );
    expect(posture(objects, "batch").profile.summary).toContain("— but CCNP intra-namespace ingress rule 1");
    expect(posture(homelab(), "shop").everyPod).toEqual([]);
    expect(posture(homelab(), "shop").profile.summary).not.toContain("but");
  });

  it("names one direction's consequence when the policy opens only that direction, for the namespaces it selects", () => {
    const toShop = ccnp("shop-from-everyone", {
      endpointSelector: { matchLabels: { "io.kubernetes.pod.namespace": "shop" } },
      ingress: [{ fromEntities: ["cluster"], toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }] }],
    });
    const withIt = homelab({ ccnps: [toShop] });
    expect(findingOf(posture(withIt, "shop"), "open-to-every-pod")?.message).toBe(
      "CCNP shop-from-everyone ingress rule 1 admits every pod of every namespace on 8080/TCP: whatever profile or access label a client has, it reaches the pods this policy selects",
    );
    expect(findingOf(posture(withIt, "batch"), "open-to-every-pod")).toBeUndefined();
  });

  it("does not fire for a CNP's [{}] (its own namespace) or for the escape hatch", () => {
    const ownNamespace = cnp("shop", "intra", { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] });
    const hatch = ccnp("enforcement-disabled", {
      endpointSelector: {
        matchLabels: { "io.cilium.k8s.namespace.labels.network-policy.homelab/enforcement": "disabled" },
      },
      ingress: [{ fromEntities: ["all"] }],
      egress: [{ toEntities: ["all"] }],
    });
    const objects = homelab({
      cnps: [ownNamespace],
      ccnps: [hatch],
      namespaces: [ns("outline", { "network-policy.homelab/enforcement": "disabled" })],
    });
    expect(codes(posture(objects, "shop"))).not.toContain("open-to-every-pod");
    expect(codes(posture(objects, "outline"))).not.toContain("open-to-every-pod");
    expect(posture(objects, "outline").everyPod).toEqual([]);
  });
});

describe("labels no policy reads", () => {
  const files = ns("files", {
    "network-policy.homelab/profile": "standard",
    "access.network-policy.homelab/garage-s3": "true",
  });
  const objects = homelab({ namespaces: [files] });
  const opensNothing = (p: NamespacePostureDetail) =>
    p.findings.filter((f) => f.code === "label-opens-nothing").map((f) => `${f.severity}: ${f.message}`);

  it("an access label under the inferred prefix that no access policy exists for", () => {
    // The homelab has only the postgres access policy: inference knows no garage-s3 label.
    const { conventions } = clusterConventions(objects);
    expect(conventions.accessLabels.map((a) => a.name)).toEqual(["postgres"]);
    const result = computeNamespacePosture("files", objects, conventions, NOW)!;
    expect(opensNothing(result)).toEqual([
      'warning: files has access.network-policy.homelab/garage-s3="true", but no access policy selects it: the label opens nothing',
    ]);
    expect(opensNothing(computeNamespacePosture("shop", objects, conventions, NOW)!)).toEqual([]);
  });

  it("an access label a conventions file defines but no policy selects the namespace for", () => {
    expect(opensNothing(posture(objects, "files"))).toEqual([
      "warning: files has access.network-policy.homelab/garage-s3, but no access policy selects it: the label opens nothing",
    ]);
    expect(opensNothing(posture(objects, "shop"))).toEqual([]);
  });

  it("the fallback profile label when the cluster has no profile policy at all", () => {
    const noProfiles = { ...DEFAULT_CONVENTIONS, profileLabel: "", profiles: [], profileGrants: [] };
    const result = computeNamespacePosture("files", objects, noProfiles, NOW)!;
    expect(opensNothing(result)).toContain(
      'warning: files has network-policy.homelab/profile="standard", but no profile policy exists in this cluster: the label opens nothing',
    );
    const tiered = { ...DEFAULT_CONVENTIONS, profileLabel: "example.org/tier" };
    expect(opensNothing(computeNamespacePosture("files", objects, tiered, NOW)!)).toContain(
      'warning: files has network-policy.homelab/profile="standard", but the profile policies select example.org/tier, not network-policy.homelab/profile: the label opens nothing',
    );
  });
});

describe("bidi and control characters in a policy's own text", () => {
  it("are shown by their code points in the warning and the policy's description", () => {
    const objects = homelab({
      cnps: [
        ...["kube-system", "monitoring", "istio-system", "database"].map((n) => platformCnp(n)),
        cnp("shop", "same-ns", {
          description: "No egress \u202Eylno sgol\u202C\x1b[2J",
          endpointSelector: {},
          egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }],
        }),
      ],
    });
    const shop = posture(objects, "shop");
    const warning = findingOf(shop, "description-contradicts-rules")?.message ?? "";
    expect(warning).toContain('says "No egress ⟨U+202E⟩ylno sgol⟨U+202C⟩⟨U+001B⟩[2J" but');
    const view = shop.policyViews.find((v) => v.ref.name === "same-ns");
    expect(view?.description).toBe("No egress ⟨U+202E⟩ylno sgol⟨U+202C⟩⟨U+001B⟩[2J");
    expect(JSON.stringify(shop)).not.toMatch(/[\u202a-\u202e\u2066-\u2069\x1b]/);
  });
});
