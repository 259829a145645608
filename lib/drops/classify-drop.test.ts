import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import type { Flow, FlowPeer } from "@/lib/flows/flow";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { ClusterFacts } from "./cluster-facts";
import { classifyDrop, type DropClassification } from "./classify-drop";
import { DropClassifier } from "./drop-classifier";

const C = DEFAULT_CONVENTIONS;
const PROFILE = C.profileLabel;
const POSTGRES_LABEL = "access.network-policy.homelab/postgres";

function facts(
  namespaceLabels: ClusterFacts["namespaceLabels"] = {},
  overrides: Partial<ClusterFacts> = {},
): ClusterFacts {
  return {
    namespaceLabels: { paperless: { [PROFILE]: "internal" }, ...namespaceLabels },
    dnsBaselinePresent: true,
    scrapeBaselinePresent: true,
    healthBaselinePresent: true,
    ...overrides,
  };
}

const app = (namespace = "paperless", labels: Record<string, string> = {}) =>
  testPeer({ namespace, pod: `${namespace}-web-0`, workload: `${namespace}-web`, labels });
const pod = (namespace: string, name: string, labels: Record<string, string> = {}) =>
  testPeer({ namespace, pod: name, workload: name, labels });
const entity = (reserved: FlowPeer["reserved"], ip: string | null = null, dnsNames: string[] = []) =>
  testPeer({ namespace: null, pod: null, workload: null, reserved, ip, dnsNames });

function drop(overrides: Partial<Flow>): Flow {
  return testFlow({
    verdict: "DROPPED",
    dropReason: "POLICY_DENIED",
    direction: "egress",
    source: app(),
    ...overrides,
  });
}

const egressTo = (destination: FlowPeer, port: number, overrides: Partial<Flow> = {}) =>
  drop({ destination, destinationPort: port, ...overrides });
const ingressFrom = (source: FlowPeer, port: number, overrides: Partial<Flow> = {}) =>
  drop({ source, destination: app(), destinationPort: port, direction: "ingress", ...overrides });

const kubeDns = pod("kube-system", "coredns-0", { "k8s-app": "kube-dns" });
const postgres = pod("database", "postgres-0");
const ztunnel = pod("istio-system", "ztunnel-abcde", { app: "ztunnel" });
const gatewayPod = (name: string) => pod("istio-gateway", `${name}-gw-0`, { [C.gateway.nameLabel]: name });
const prometheus = pod("monitoring", "prometheus-0", { "app.kubernetes.io/name": "prometheus" });
const world = entity("world", "140.82.112.3", ["api.github.com"]);

function classify(
  flow: Flow,
  clusterFacts: ClusterFacts = facts(),
  conventions: Conventions = C,
): DropClassification {
  const result = classifyDrop(flow, clusterFacts, conventions);
  // Every template placeholder must have been filled.
  for (const text of [result.title, result.cause, result.fix]) expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
  return result;
}

describe("classifyDrop: the drop table", () => {
  it("egress to kube-dns :53 → DNS baseline missing", () => {
    const result = classify(
      egressTo(kubeDns, 53, { protocol: "UDP" }),
      facts({}, { dnsBaselinePresent: false }),
    );
    expect(result).toMatchObject({
      classId: "dns-baseline-missing",
      policyDrop: true,
      severity: "critical",
      row: "dns",
    });
    expect(result.namespace).toBe("paperless");
    expect(result.fix).toContain("Restore the DNS baseline CCNP");
  });

  it.each([
    ["postgres", "database :5432", postgres, 5432],
    ["dragonfly", "cache :6379", pod("cache", "dragonfly-0"), 6379],
    ["garage-s3", "garage :3900", pod("garage", "garage-0"), 3900],
    ["kube-api", "kube-apiserver :6443", entity("kube-apiserver", "10.0.0.1"), 6443],
    ["kube-api", "kube-apiserver :443", entity("kube-apiserver", "10.0.0.1"), 443],
  ] as const)(
    "egress to %s (%s) → missing access label, with the label to add",
    (name, _where, peer, port) => {
      const result = classify(egressTo(peer, port));
      expect(result.classId).toBe(`access-label-missing/${name}`);
      expect(result.row).toBe("access-label");
      expect(result.fix).toBe(`Add access.network-policy.homelab/${name}: "true" to namespace paperless.`);
      // Without the evaluator's proposal the table words its own advice and names no change.
      expect(result.change).toBeNull();
    },
  );

  it("egress to world :443 → profile has no HTTPS egress; internal keeps its gateway with internal-egress", () => {
    const result = classify(egressTo(world, 443));
    expect(result.classId).toBe("world-https-not-allowed");
    expect(result.cause).toContain(
      "Profile internal opens no egress to the world on port 443 (its egress: DNS only)",
    );
    expect(result.cause).toContain("api.github.com");
    expect(result.fix).toMatch(
      /^Set network-policy\.homelab\/profile: internal-egress on namespace paperless \(or standard/,
    );
  });

  it("world :443 from an isolated namespace suggests internal-egress or standard", () => {
    const result = classify(egressTo(world, 443), facts({ paperless: { [PROFILE]: "isolated" } }));
    expect(result.fix).toContain("profile: internal-egress on namespace paperless (or standard");
  });

  it("world :443 from an internal-egress namespace receiving the external gateway suggests standard only", () => {
    const flow = ingressFrom(gatewayPod("external"), 8000);
    const result = classify(flow, facts({ paperless: { [PROFILE]: "internal-egress" } }));
    expect(result.classId).toBe("external-gateway-not-allowed");
    expect(result.fix).toContain("profile: standard on namespace paperless");
  });

  it("ingress from the internal gateway to an isolated namespace → profile has no gateway ingress", () => {
    const result = classify(
      ingressFrom(gatewayPod("internal"), 8000),
      facts({ paperless: { [PROFILE]: "isolated" } }),
    );
    expect(result).toMatchObject({
      classId: "gateway-ingress-not-allowed",
      row: "gateway-ingress",
      namespace: "paperless",
    });
    expect(result.fix).toMatch(
      /^Set network-policy\.homelab\/profile: internal on namespace paperless \(or internal-egress.*or standard/,
    );
  });

  it("ingress from the external gateway to an internal namespace → switch to standard", () => {
    const result = classify(ingressFrom(gatewayPod("external"), 8000));
    expect(result.classId).toBe("external-gateway-not-allowed");
    expect(result.fix).toContain("Set network-policy.homelab/profile: standard on namespace paperless");
  });

  it("ingress from the external gateway to an isolated namespace needs standard as well", () => {
    const result = classify(
      ingressFrom(gatewayPod("external"), 8000),
      facts({ paperless: { [PROFILE]: "isolated" } }),
    );
    expect(result.classId).toBe("gateway-ingress-not-allowed");
    expect(result.fix).toContain("profile: standard on namespace paperless");
    expect(result.fix).not.toContain("(or");
  });

  it("ingress from a gateway to a namespace without a profile says so", () => {
    const result = classify(ingressFrom(gatewayPod("internal"), 8000), facts({ paperless: {} }));
    expect(result.classId).toBe("gateway-ingress-not-allowed");
    expect(result.cause).toContain(
      "A namespace without a profile allows no ingress from the internal gateway",
    );
  });

  it("ingress from monitoring/prometheus → scrape baseline missing", () => {
    const result = classify(ingressFrom(prometheus, 9090), facts({}, { scrapeBaselinePresent: false }));
    expect(result).toMatchObject({
      classId: "scrape-baseline-missing",
      row: "scrape",
      namespace: "paperless",
    });
  });

  it("ingress from grafana in monitoring is not a scrape", () => {
    const grafana = pod("monitoring", "grafana-0", { "app.kubernetes.io/name": "grafana" });
    expect(classify(ingressFrom(grafana, 8000)).row).toBeNull();
  });

  it("HBONE from a platform namespace whose CNP lacks the rules → add them from the template", () => {
    const flow = drop({ source: postgres, destination: ztunnel, destinationPort: 15008 });
    const clusterFacts = facts(
      { database: { "istio.io/dataplane-mode": "ambient" } },
      {
        platformPolicies: {
          database: { dnsEgress: true, scrapeIngress: true, healthIngress: true, hbone: false },
        },
      },
    );
    const result = classify(flow, clusterFacts);
    expect(result).toMatchObject({
      classId: "platform-cnp-lacks-hbone",
      row: "hbone-egress",
      namespace: "database",
    });
    expect(result.title).toBe("Platform CNP lacks HBONE rules");
    expect(result.fix).toBe(
      "Add the HBONE ingress and egress rules from the template (TCP 15008 from and to istio-system/ztunnel) to the platform CNP of database.",
    );
  });

  it("HBONE from ztunnel into a platform namespace is the same class, seen inbound", () => {
    const flow = drop({
      source: ztunnel,
      destination: postgres,
      destinationPort: 15008,
      direction: "ingress",
    });
    const result = classify(flow);
    expect(result).toMatchObject({
      classId: "platform-cnp-lacks-hbone",
      row: "hbone-ingress",
      namespace: "database",
    });
  });

  it("health probes → health baseline missing, by entity or by the probe CIDR", () => {
    const noBaseline = facts({}, { healthBaselinePresent: false });
    expect(classify(ingressFrom(entity("health"), 8080), noBaseline).classId).toBe("health-baseline-missing");
    expect(classify(ingressFrom(entity("world", "169.254.3.7"), 8080), noBaseline).classId).toBe(
      "health-baseline-missing",
    );
    expect(classify(ingressFrom(entity("world", "169.255.3.7"), 8080), noBaseline).row).toBeNull();
  });

  it("anything else → policy denied: no rule allows it", () => {
    const result = classify(egressTo(pod("other-app", "api-0"), 8080));
    expect(result).toMatchObject({
      classId: "policy-denied",
      row: null,
      namespace: "paperless",
      change: null,
    });
    expect(result.title).toBe("Policy denied: no rule allows it");
    expect(result.cause).toContain("egress to other-app/api-0 on TCP 8080");
    expect(result.fix).toContain("kubectl get cnp,netpol -n paperless");
  });
});

describe("classifyDrop: the cluster as it is", () => {
  it("a DNS drop while the DNS baseline exists points at a deny or a NetworkPolicy", () => {
    const result = classify(egressTo(kubeDns, 53, { protocol: "UDP" }));
    expect(result.classId).toBe("dns-denied-despite-baseline");
    expect(result.cause).toContain("The DNS baseline exists, so something else denies it");
    expect(result.fix).toContain("kubectl get cnp,netpol -n paperless");
  });

  it("a postgres drop from a namespace that has the label is not a missing label", () => {
    const result = classify(
      egressTo(postgres, 5432),
      facts({ paperless: { [PROFILE]: "internal", [POSTGRES_LABEL]: "true" } }),
    );
    expect(result.classId).toBe("access-denied-despite-label/postgres");
    expect(result.change).toBeNull();
    expect(result.cause).toContain("dropped at the egress of paperless/paperless-web-0");
    expect(result.fix).toContain("kubectl get cnp -n database");
  });

  it("a postgres label with the value 'yes' is named, with the value to set", () => {
    const result = classify(egressTo(postgres, 5432), facts({ paperless: { [POSTGRES_LABEL]: "yes" } }));
    expect(result.classId).toBe("access-label-malformed/postgres");
    expect(result.fix).toBe(`Set ${POSTGRES_LABEL}: "true" on namespace paperless (it is "yes" now).`);
  });

  it("a postgres port outside the database namespace is not what the access label opens", () => {
    const result = classify(
      egressTo(pod("immich-db", "pg-0"), 5432),
      facts({ paperless: { [PROFILE]: "internal", [POSTGRES_LABEL]: "true" } }),
    );
    expect(result.classId).toBe("access-target-elsewhere/postgres");
    expect(result.cause).toContain("only opens database; immich-db is not covered");
    expect(result.details.join(" ")).toContain("has the postgres access label");
  });

  it("internal gateway traffic to a namespace whose profile allows it is something else", () => {
    const result = classify(ingressFrom(gatewayPod("internal"), 8000));
    expect(result.classId).toBe("gateway-denied-despite-profile");
  });

  it("external gateway traffic to a standard namespace is something else", () => {
    const result = classify(
      ingressFrom(gatewayPod("external"), 8000),
      facts({ paperless: { [PROFILE]: "standard" } }),
    );
    expect(result.classId).toBe("gateway-denied-despite-profile");
  });

  it("world :443 from a standard namespace is something else (a deny or FQDN policy)", () => {
    const result = classify(egressTo(world, 443), facts({ paperless: { [PROFILE]: "standard" } }));
    expect(result.classId).toBe("world-denied-despite-profile");
    expect(result.cause).toContain("toFQDNs");
  });

  it("world on a port no profile opens is not fixed by a profile", () => {
    const result = classify(egressTo(world, 22), facts({ paperless: { [PROFILE]: "standard" } }));
    expect(result).toMatchObject({ classId: "world-port-not-allowed", row: "world-other", change: null });
  });

  it("a scrape drop while the baseline exists, and in a platform namespace", () => {
    expect(classify(ingressFrom(prometheus, 9090)).classId).toBe("scrape-denied-despite-baseline");
    const platform = classify(
      drop({ source: prometheus, destination: postgres, destinationPort: 9187, direction: "ingress" }),
    );
    expect(platform).toMatchObject({ classId: "platform-cnp-lacks-scrape", namespace: "database" });
    expect(platform.fix).toContain("TCP 9187");
    expect(platform.fix).toContain("platform CNP of database");
  });

  it("health probes while the baseline exists", () => {
    expect(classify(ingressFrom(entity("health"), 8080)).classId).toBe("health-denied-despite-baseline");
  });

  it("HBONE with the rules in place, without a CNP at all, and in an application namespace", () => {
    const flow = drop({ source: postgres, destination: ztunnel, destinationPort: 15008 });
    const withRules = {
      database: { dnsEgress: true, scrapeIngress: true, healthIngress: true, hbone: true },
    };
    expect(classify(flow, facts({}, { platformPolicies: withRules })).classId).toBe(
      "hbone-denied-despite-rules",
    );
    const missing = classify(flow, facts({}, { platformPolicies: {} }));
    expect(missing.classId).toBe("platform-cnp-missing");
    expect(missing.fix).toContain("Create the platform CNP of database");
    const fromApp = classify(egressTo(ztunnel, 15008), facts({ paperless: { [PROFILE]: "internal" } }));
    expect(fromApp.classId).toBe("hbone-not-allowed");
    expect(fromApp.details.join(" ")).toContain("not labelled istio.io/dataplane-mode=ambient");
  });

  it("a DNS drop in a platform namespace is its CNP's", () => {
    const flow = drop({ source: prometheus, destination: kubeDns, destinationPort: 53, protocol: "UDP" });
    const lacking = {
      monitoring: { dnsEgress: false, scrapeIngress: true, healthIngress: true, hbone: false },
    };
    const result = classify(flow, facts({}, { platformPolicies: lacking }));
    expect(result).toMatchObject({ classId: "platform-cnp-lacks-dns", namespace: "monitoring" });
    expect(result.fix).toContain("to the platform CNP of monitoring");
  });

  it("gateway or world traffic of a platform namespace belongs in its CNP, not a profile", () => {
    const result = classify(drop({ source: postgres, destination: world, destinationPort: 443 }));
    expect(result.classId).toBe("platform-cnp-lacks-rule");
    expect(result.fix).toContain("platform CNP of database");
    expect(result.fix).not.toContain(PROFILE);
  });

  it("ingress to an application namespace without a profile names the missing profile", () => {
    const result = classify(ingressFrom(pod("other-app", "api-0"), 8000), facts({ paperless: {} }));
    expect(result.classId).toBe("namespace-without-profile");
    expect(result.fix).toContain("isolated, internal, internal-egress, standard");
  });

  it("an explicit deny rule wins over the table", () => {
    const flow = egressTo(postgres, 5432, {
      policies: {
        egressAllowedBy: [],
        ingressAllowedBy: [],
        egressDeniedBy: ["paperless/deny-db"],
        ingressDeniedBy: [],
      },
    });
    const result = classify(flow);
    expect(result.classId).toBe("denied-by-deny-rule");
    expect(result.cause).toContain("paperless/deny-db");
  });

  it("a drop at the egress of a namespace with enforcement disabled means the escape hatch is not in effect", () => {
    const disabled = facts({ paperless: { [C.enforcementLabel]: "disabled" } });
    expect(classify(egressTo(postgres, 5432), disabled).classId).toBe("escape-hatch-not-effective");
    const atDatabase = classify(egressTo(postgres, 5432, { direction: "ingress" }), disabled);
    expect(atDatabase.classId).toBe("access-label-missing/postgres");
    expect(atDatabase.details.join(" ")).toContain("escape hatch does not open");
  });

  it("notes a namespace Sieve has no labels for", () => {
    const result = classify(egressTo(postgres, 5432, { source: app("gone") }));
    expect(result.details.join(" ")).toContain("no labels for namespace gone");
  });

  it("reads a dropped reply as its connection", () => {
    const reply = drop({
      isReply: true,
      source: postgres,
      destination: app(),
      sourcePort: 5432,
      destinationPort: 41_000,
      direction: "ingress",
    });
    expect(classify(reply).classId).toBe("access-label-missing/postgres");
  });

  it("classifies audited flows like drops", () => {
    const result = classify(egressTo(postgres, 5432, { verdict: "AUDIT", dropReason: null }));
    expect(result.classId).toBe("access-label-missing/postgres");
    expect(result.details.join(" ")).toContain("Audit mode");
  });

  it("names the peer when neither side is a namespace", () => {
    const result = classify(
      drop({
        source: { ...world, identity: 2 },
        destination: { ...entity("host", "192.168.1.10"), identity: 1 },
        destinationPort: 22,
      }),
    );
    expect(result).toMatchObject({
      classId: "policy-denied",
      namespace: null,
      groupKey: "|policy-denied",
    });
    // No namespace to look at with kubectl; the drop's own flows can still be watched.
    expect(result.commands).toEqual([
      "hubble observe --from-identity world --to-identity host --to-port 22 --protocol tcp --traffic-direction egress --verdict DROPPED --since 5m",
      expect.stringMatching(/ -o json \| jq -c '\.flow /),
    ]);
    expect(result.cause).toContain("for world (api.github.com)");
  });

  it("prints the evidence commands over the view's window, as the CLI reads --since", () => {
    const flow = egressTo(postgres, 5432);
    const fifteen = classifyDrop(flow, facts(), C, null, 15 * 60_000);
    expect(fifteen.commands[0]).toBe(
      "hubble observe --from-namespace paperless --to-namespace database --to-port 5432 --protocol tcp --traffic-direction egress --verdict DROPPED --since 15m",
    );
    expect(fifteen.commands[1]).toMatch(/ --since 15m -o json \| jq /);
    expect(new DropClassifier(facts(), C, 60 * 60_000).classify(flow).commands[0]).toMatch(/ --since 1h$/);
    expect(new DropClassifier(facts(), C, 90_000).classify(flow).commands[0]).toMatch(/ --since 90s$/);
  });

  it("says so when the flow was not dropped", () => {
    expect(classify(testFlow({ verdict: "FORWARDED" })).classId).toBe("not-dropped");
  });
});

describe("classifyDrop: drop reasons", () => {
  it.each(["POLICY_DENIED", "POLICY_DENY", null, "DROP_REASON_UNKNOWN"])(
    "treats %s as a policy drop",
    (reason) => {
      const result = classify(egressTo(postgres, 5432, { dropReason: reason }));
      expect(result.policyDrop).toBe(true);
      expect(result.classId).toBe("access-label-missing/postgres");
    },
  );

  it("AUTH_REQUIRED is policy, but not a missing rule", () => {
    const result = classify(egressTo(postgres, 5432, { dropReason: "AUTH_REQUIRED" }));
    expect(result).toMatchObject({ classId: "auth-required", policyDrop: true });
  });

  it.each([
    ["CT_MAP_INSERTION_FAILED", "connection-tracking table is full"],
    ["TTL_EXCEEDED", "TTL ran out"],
    ["STALE_OR_UNROUTABLE_IP", "no longer knows"],
    ["FIB_LOOKUP_FAILED", "no route"],
    ["SERVICE_BACKEND_NOT_FOUND", "no ready backend"],
    ["UNKNOWN_CONNECTION_TRACKING_STATE", "matched no known connection"],
    ["INVALID_SOURCE_IP", "does not belong to the sending pod"],
    ["NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION", "no policy computed yet"],
  ])("%s is not a policy drop and says what it is", (reason, words) => {
    const result = classify(egressTo(postgres, 5432, { dropReason: reason }));
    expect(result).toMatchObject({ classId: `not-a-policy-drop/${reason}`, policyDrop: false, change: null });
    expect(result.title).toBe(`Not a policy drop: ${reason}`);
    expect(result.cause).toContain(words);
    expect(result.fix).toContain("No policy change will fix this.");
    expect(result.namespace).toBe("paperless");
  });

  it("falls back to the reason's name for reasons it does not know", () => {
    for (const reason of ["SOME_FUTURE_REASON", "constructor", "__proto__"]) {
      const result = classify(egressTo(postgres, 5432, { dropReason: reason }));
      expect(result.policyDrop).toBe(false);
      expect(result.cause).toBe(`Dropped by the datapath: ${reason}.`);
    }
  });

  it("rates a full CT table higher than a stale IP", () => {
    expect(classify(egressTo(postgres, 5432, { dropReason: "CT_MAP_INSERTION_FAILED" })).severity).toBe(
      "critical",
    );
    expect(classify(egressTo(postgres, 5432, { dropReason: "STALE_OR_UNROUTABLE_IP" })).severity).toBe(
      "info",
    );
  });
});

describe("classifyDrop: custom conventions", () => {
  const custom: Conventions = {
    ...C,
    accessLabelPrefix: "net.example.com/",
    accessLabelValue: "yes",
    accessLabels: [{ name: "mysql", resource: "MariaDB", target: "mariadb", ports: [3306] }],
    dnsTarget: { namespace: "dns", labels: { app: "unbound" }, ports: [5353] },
    gateway: { namespace: "gateways", nameLabel: "gw", internalName: "lan", externalName: "wan" },
    profileGrants: [
      { profile: "isolated", gatewayIngress: [], worldEgressPorts: [] },
      { profile: "internal", gatewayIngress: ["lan"], worldEgressPorts: [] },
      { profile: "standard", gatewayIngress: ["lan", "wan"], worldEgressPorts: [443, 80] },
    ],
  };

  it("classifies with the configured targets, ports and label values", () => {
    const mysql = classify(egressTo(pod("mariadb", "db-0"), 3306), facts(), custom);
    expect(mysql.classId).toBe("access-label-missing/mysql");
    expect(mysql.fix).toBe('Add net.example.com/mysql: "yes" to namespace paperless.');
    expect(classify(egressTo(postgres, 5432), facts(), custom).classId).toBe("policy-denied");
    const dns = classify(
      egressTo(pod("dns", "unbound-0", { app: "unbound" }), 5353, { protocol: "UDP" }),
      facts(),
      custom,
    );
    expect(dns.classId).toBe("dns-denied-despite-baseline");
    const wan = classify(ingressFrom(pod("gateways", "wan-0", { gw: "wan" }), 8000), facts(), custom);
    expect(wan.classId).toBe("external-gateway-not-allowed");
    expect(classify(egressTo(world, 80), facts(), custom).fix).toContain("profile: standard on namespace");
  });
});

describe("drop group keys", () => {
  it("groups by namespace and class", () => {
    const a = classify(egressTo(postgres, 5432, { id: "a" }));
    const b = classify(egressTo(pod("database", "postgres-1"), 5432, { id: "b" }));
    const other = classify(egressTo(postgres, 5432, { source: app("immich") }), facts({ immich: {} }));
    expect(a.groupKey).toBe(b.groupKey);
    expect(a.groupKey).toBe("paperless|access-label-missing/postgres");
    expect(other.groupKey).not.toBe(a.groupKey);
  });
});

describe("a drop while the cluster's objects are not known current", () => {
  it("gets no class and no fix, only what is known", () => {
    const unknown = "unknown — Kubernetes API unreachable";
    const flow = drop({ destination: pod("database", "postgres-0"), destinationPort: 5432 });
    const known = classifyDrop(flow, facts(), C);
    expect(known.classId).not.toBe("cause-unknown");
    const result = classifyDrop(flow, facts({}, { unknown }), C);
    expect(result).toMatchObject({
      classId: "cause-unknown",
      policyDrop: false,
      change: null,
      namespace: "paperless",
    });
    expect(result.cause).toContain(unknown);
  });
});
