import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { computeClusterPosture, type ClusterPosture } from "@/lib/posture/cluster-posture";
import { baselinesSentence } from "./baselines-wording";
import { clusterConventions } from "./cluster-conventions";
import { DEFAULT_CONVENTIONS } from "./conventions";
import { conventionsFrom } from "./conventions-config";
import { commonKeyPrefix } from "./infer-conventions";
import { clusterObjectsOf, postureDecisions } from "./testing/cluster-objects";

const NOW = Date.parse("2025-06-01T12:00:00Z");

function fixture(name: string): unknown[] {
  const text = readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
  return parseAllDocuments(text).flatMap((doc) => ("toJS" in doc ? [doc.toJS() as unknown] : []));
}

function handWritten(name: string) {
  const [document] = fixture(name);
  const result = conventionsFrom(document);
  expect(result.problems).toEqual([]);
  return result.conventions;
}

const ns = (posture: ClusterPosture, name: string) => posture.namespaces.find((n) => n.name === name)!;

describe("a repository with its own label keys, three tiers and two access labels", () => {
  const objects = clusterObjectsOf(fixture("tiered.yaml"));
  const { conventions, report } = clusterConventions(objects);
  const posture = computeClusterPosture(objects, conventions, NOW);

  it("gives the same posture as its hand-written conventions file", () => {
    const expected = computeClusterPosture(objects, handWritten("tiered.conventions.yaml"), NOW);
    expect(postureDecisions(posture)).toEqual(postureDecisions(expected));
    // The built-in table reads this repository wrong, so the comparison above means something.
    const builtIn = computeClusterPosture(objects, DEFAULT_CONVENTIONS, NOW);
    expect(postureDecisions(builtIn)).not.toEqual(postureDecisions(expected));
  });

  it("reads the tier label, the tiers least permissive first, and what each opens", () => {
    expect(conventions.profileLabel).toBe("netpol.example.org/tier");
    expect(conventions.profiles.map((p) => p.name)).toEqual(["backend", "frontend", "public"]);
    expect(conventions.profileGrants).toContainEqual({
      profile: "public",
      gatewayIngress: ["internal", "external"],
      worldEgressPorts: [443, 80],
    });
    const pub = conventions.profiles.find((p) => p.name === "public")!;
    expect(pub.egress).toBe("world on 443/TCP, 80/TCP");
    expect(ns(posture, "shop").profile.summary).toBe(
      `public: ingress ${pub.ingress}; egress world on 443/TCP, 80/TCP`,
    );
  });

  it("reads the access labels with their prefix, targets and the target side's rule", () => {
    expect(conventions.accessLabelPrefix).toBe("allow.netpol.example.org/");
    expect(conventions.accessLabels.map(({ name, target, ports }) => ({ name, target, ports }))).toEqual([
      { name: "mysql", target: "mariadb", ports: [3306] },
      { name: "nats", target: "messaging", ports: [4222] },
    ]);
    expect(report.accessLabels.map((a) => a.targetIngress?.policyId)).toEqual([
      "CNP/mariadb/mariadb",
      "CNP/messaging/nats",
    ]);
    expect(ns(posture, "worker").malformedAccessLabels).toEqual([
      { key: "allow.netpol.example.org/mysql", value: "yes" },
    ]);
  });

  it("reads the bypass label as the escape hatch", () => {
    expect(report.escapeHatch).toMatchObject({ key: "netpol.example.org/bypass", value: "on" });
    expect(ns(posture, "hotfix").enforcement.enabled).toBe(false);
  });

  it("takes namespaces with their own namespace-wide CNP for platform ones, off any list", () => {
    expect(report.platformNamespaces.filter((p) => p.reason === "own-cnp").map((p) => p.name)).toEqual([
      "istio-gateway",
      "kube-system",
      "mariadb",
      "messaging",
      "observability",
    ]);
    expect(ns(posture, "observability").kind).toBe("platform");
    expect(ns(posture, "legacy").findings.map((f) => f.code)).toContain("no-profile");
  });
});

describe("a repository with no profiles, an opt-in label on the baselines and per-namespace CNPs", () => {
  const objects = clusterObjectsOf(fixture("opt-in.yaml"));
  const { conventions, report } = clusterConventions(objects);
  const posture = computeClusterPosture(objects, conventions, NOW);

  it("gives the same posture as its hand-written conventions file", () => {
    const expected = computeClusterPosture(objects, handWritten("opt-in.conventions.yaml"), NOW);
    expect(postureDecisions(posture)).toEqual(postureDecisions(expected));
    // The built-in table reads this repository wrong, so the comparison above means something.
    const builtIn = computeClusterPosture(objects, DEFAULT_CONVENTIONS, NOW);
    expect(postureDecisions(builtIn)).not.toEqual(postureDecisions(expected));
  });

  it("does not take the decoy team label for a profile", () => {
    expect(conventions.profileLabel).toBe("");
    expect(conventions.profiles).toEqual([]);
    const codes = posture.namespaces.flatMap((n) => n.findings.map((f) => f.code));
    expect(codes).not.toContain("no-profile");
    expect(codes).not.toContain("unknown-profile");
  });

  it("says the runbook's profile label opens nothing when no profile policy exists", () => {
    const isSandbox = (m: unknown) =>
      (m as { kind?: string; metadata?: { name?: string } }).kind === "Namespace" &&
      (m as { metadata?: { name?: string } }).metadata?.name === "sandbox";
    const withLabel = clusterObjectsOf([
      ...fixture("opt-in.yaml").filter((m) => !isSandbox(m)),
      {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "sandbox", labels: { [DEFAULT_CONVENTIONS.profileLabel]: "standard" } },
      },
    ]);
    const inferred = clusterConventions(withLabel).conventions;
    expect(inferred.profileLabel).toBe("");
    const messages = computeClusterPosture(withLabel, inferred, NOW)
      .namespaces.flatMap((n) => n.findings)
      .filter((f) => f.code === "label-opens-nothing")
      .map((f) => f.message);
    expect(messages).toEqual([
      'sandbox has network-policy.homelab/profile="standard", but no profile policy exists in this cluster: the label opens nothing',
    ]);
  });

  it("imposes no access labels and no escape hatch", () => {
    expect(conventions.accessLabels).toEqual([]);
    expect(conventions.enforcementLabel).toBe("");
    expect(report.escapeHatch).toBeNull();
  });

  it("reads the opt-in label from the baselines and says which namespaces are wide open", () => {
    expect(report.baselines.optIn).toEqual({ key: "netpol.example.org/enforced", value: "true" });
    expect(report.baselines.policies.map((e) => e.policyId)).toEqual([
      "CCNP/enforced-dns",
      "CCNP/enforced-probes",
    ]);
    expect(posture.enforcement.unselected).toEqual(["kube-system", "sandbox"]);
    expect(baselinesSentence(report.baselines)).toBe(
      "The baselines select only namespaces labelled netpol.example.org/enforced=true (opt-in).",
    );
    expect(posture.baselines.dns.status).toBe("present");
    expect(ns(posture, "sandbox").enforcement.summary).toContain(
      "wide open: no policy selects it, so all its traffic flows (it is not labelled netpol.example.org/enforced=true",
    );
    expect(ns(posture, "sandbox").findings.map((f) => f.code)).toContain("no-policy-selects");
    expect(ns(posture, "shop").enforcement.summary).toBe("enforced");
  });
});

describe("commonKeyPrefix", () => {
  it("keeps names whole when they share their first letters", () => {
    expect(commonKeyPrefix(["a.example/postgres", "a.example/pgbouncer"])).toBe("a.example/");
    expect(commonKeyPrefix(["access.example/redis"])).toBe("access.example/");
    expect(commonKeyPrefix(["allow-db", "allow-cache"])).toBe("allow-");
  });
});

describe("a conventions file over the inferred conventions", () => {
  const objects = clusterObjectsOf(fixture("tiered.yaml"));

  it("replaces the fields it names and the report says which", () => {
    const { conventions, report } = clusterConventions(objects, {
      platformNamespaces: ["kube-system"],
      healthProbeCidr: "169.254.0.0/16",
    });
    expect(conventions.platformNamespaces).toEqual(["kube-system"]);
    expect(conventions.profileLabel).toBe("netpol.example.org/tier");
    expect(report.overridden).toEqual(["platformNamespaces", "healthProbeCidr"]);
    expect(report.defaulted).not.toContain("healthProbeCidr");
    expect(report.platformNamespaces.map((p) => p.name)).toContain("observability");
  });

  it("takes namespaces the GitOps source declares for platform ones", () => {
    const { report } = clusterConventions(
      objects,
      {},
      { declaredPlatformNamespaces: [{ name: "legacy", source: "test" }] },
    );
    expect(report.platformNamespaces.find((p) => p.name === "legacy")?.reason).toBe("declared");
  });
});

describe("a cluster-wide intra-namespace rule is not an escape hatch", () => {
  it("does not take a label whose policy opens every pod (but not the world) for the enforcement label", () => {
    const objects = clusterObjectsOf([
      {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "app", labels: { "e2e.example/intra": "true" } },
      },
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumClusterwideNetworkPolicy",
        metadata: { name: "intra-namespace" },
        spec: {
          endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.e2e.example/intra": "true" } },
          ingress: [{ fromEndpoints: [{}] }],
          egress: [{ toEndpoints: [{}] }],
        },
      },
    ]);
    expect(clusterConventions(objects).report.escapeHatch).toBeNull();
  });
});
