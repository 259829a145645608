import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  KubeObject,
  Namespace,
  NetworkPolicy,
  Pod,
} from "@/lib/kube/types";
import { createDemoObjectStore } from "@/server/demo/kube-api";
import { rulesOf } from "./demo-cluster-view";
import { ACCESS_NAMES, PROFILE_GRANTS, PROFILES } from "./homelab-constants";
import { homelabObjects } from "./homelab-objects";

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const objects = homelabObjects(NOW);
const namespaces = objects.filter((o): o is Namespace => o.kind === "Namespace");
const pods = objects.filter((o): o is Pod => o.kind === "Pod");
const ccnps = objects.filter(
  (o): o is CiliumClusterwideNetworkPolicy => o.kind === "CiliumClusterwideNetworkPolicy",
);
const cnps = objects.filter((o): o is CiliumNetworkPolicy => o.kind === "CiliumNetworkPolicy");
const netpols = objects.filter((o): o is NetworkPolicy => o.kind === "NetworkPolicy");

const PROFILE = DEFAULT_CONVENTIONS.profileLabel;
const ENFORCEMENT = DEFAULT_CONVENTIONS.enforcementLabel;
const platform = new Set(DEFAULT_CONVENTIONS.platformNamespaces);
const labelsOf = (name: string) => namespaces.find((ns) => ns.metadata.name === name)?.metadata.labels ?? {};
const podsIn = (namespace: string) => pods.filter((pod) => pod.metadata.namespace === namespace);
const appNamespaces = namespaces.filter((ns) => !platform.has(ns.metadata.name));
const ccnp = (name: string) => ccnps.find((policy) => policy.metadata.name === name);
const ports = (policy: KubeObject): string[] => JSON.stringify(policy).match(/"port":"(\d+)"/g) ?? [];

describe("the demo homelab's namespaces", () => {
  it("has at least 20 namespaces, with the platform ones the runbook names", () => {
    expect(namespaces.length).toBeGreaterThanOrEqual(20);
    // The demo leaves out the two namespaces only kubeadm's bookkeeping uses.
    const leftOut = new Set(["kube-public", "kube-node-lease"]);
    const named = DEFAULT_CONVENTIONS.platformNamespaces.filter((name) => !leftOut.has(name));
    expect(named.length).toBe(DEFAULT_CONVENTIONS.platformNamespaces.length - leftOut.size);
    for (const name of named) {
      expect(labelsOf(name)["kubernetes.io/metadata.name"]).toBe(name);
    }
  });

  it("uses every profile and every access label in app namespaces, and no profile on platform ones", () => {
    const profiles = new Set(appNamespaces.map((ns) => ns.metadata.labels?.[PROFILE]));
    for (const profile of DEFAULT_CONVENTIONS.profiles) expect(profiles).toContain(profile.name);
    for (const access of DEFAULT_CONVENTIONS.accessLabels) {
      const key = `${DEFAULT_CONVENTIONS.accessLabelPrefix}${access.name}`;
      expect(appNamespaces.filter((ns) => ns.metadata.labels?.[key] === "true").length).toBeGreaterThan(0);
    }
    for (const ns of namespaces.filter((n) => platform.has(n.metadata.name))) {
      expect(ns.metadata.labels?.[PROFILE]).toBeUndefined();
    }
  });

  it("has exactly one app namespace without a profile", () => {
    expect(
      appNamespaces.filter((ns) => !ns.metadata.labels?.[PROFILE]).map((ns) => ns.metadata.name),
    ).toEqual(["scratch"]);
  });

  it("records when enforcement was disabled, more than 24 hours ago, in managedFields", () => {
    const disabled = namespaces.filter((ns) => ns.metadata.labels?.[ENFORCEMENT] === "disabled");
    expect(disabled).toHaveLength(1);
    const entry = disabled[0]!.metadata.managedFields?.find((field) => field.manager === "kubectl-label");
    expect(entry).toMatchObject({
      operation: "Update",
      fieldsV1: { "f:metadata": { "f:labels": { [`f:${ENFORCEMENT}`]: {} } } },
    });
    const ageHours = (NOW - Date.parse(entry!.time!)) / 3_600_000;
    expect(ageHours).toBeGreaterThan(24);
    expect(ageHours).toBeLessThan(48);
    expect(platform.has(disabled[0]!.metadata.name)).toBe(false);
  });

  it("has an ambient platform namespace whose CNP lacks the HBONE rules, and one whose CNP has them", () => {
    const ambient = namespaces.filter((ns) => ns.metadata.labels?.["istio.io/dataplane-mode"] === "ambient");
    const hbone = (name: string) =>
      ports(cnps.find((p) => p.metadata.name === `${name}-default`)!).includes('"port":"15008"');
    const withoutHbone = ambient.filter((ns) => platform.has(ns.metadata.name) && !hbone(ns.metadata.name));
    const withHbone = ambient.filter((ns) => platform.has(ns.metadata.name) && hbone(ns.metadata.name));
    expect(withoutHbone.map((ns) => ns.metadata.name)).toEqual(["cache"]);
    expect(withHbone.length).toBeGreaterThan(0);
  });

  it("carries HTML in an annotation and an odd but valid label value", () => {
    const annotated = namespaces.filter((ns) =>
      Object.values(ns.metadata.annotations ?? {}).some((value) =>
        value.includes("<img src=x onerror=alert(1)>"),
      ),
    );
    expect(annotated).toHaveLength(1);
    expect(annotated[0]!.metadata.labels?.team).toMatch(/[-_.]{2,}/);
  });

  it("uses only label keys and values the API server would accept", () => {
    const value = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    const name = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
    const prefix = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    for (const object of objects) {
      for (const [key, text] of Object.entries(object.metadata.labels ?? {})) {
        const [first, second] = key.includes("/") ? key.split("/") : [undefined, key];
        if (first !== undefined)
          expect(first.length <= 253 && prefix.test(first), `prefix of ${key}`).toBe(true);
        expect(second!.length <= 63 && name.test(second!), `name of ${key}`).toBe(true);
        expect(text.length <= 63 && value.test(text), `${key}=${text}`).toBe(true);
      }
    }
  });
});

describe("the demo homelab's pods", () => {
  it("runs 1 to 3 pods per namespace besides DaemonSets (one per node), with unique 10.244 addresses", () => {
    const ownerKind = (pod: Pod) =>
      (pod.metadata as { ownerReferences?: { kind: string }[] }).ownerReferences?.[0]?.kind;
    for (const ns of namespaces) {
      const all = podsIn(ns.metadata.name);
      const daemons = all.filter((pod) => ownerKind(pod) === "DaemonSet");
      expect(all.length, ns.metadata.name).toBeGreaterThanOrEqual(1);
      expect(all.length - daemons.length, ns.metadata.name).toBeLessThanOrEqual(3);
      expect(new Set(daemons.map((pod) => pod.spec?.nodeName)).size).toBe(daemons.length);
    }
    const addresses = pods.filter((pod) => !pod.spec?.hostNetwork).map((pod) => pod.status?.podIP);
    for (const address of addresses) expect(address).toMatch(/^10\.244\.\d{1,3}\.\d{1,3}$/);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const pod of pods) {
      expect(["node-1", "node-2", "node-3"]).toContain(pod.spec?.nodeName);
      expect(pod.status?.phase).toBe("Running");
    }
  });

  it("has the platform pods policies select: cilium, kube-dns, prometheus, gateways, ztunnel", () => {
    const labelled = (namespace: string, key: string, value: string) =>
      podsIn(namespace).filter((pod) => pod.metadata.labels?.[key] === value);
    expect(labelled("kube-system", "k8s-app", "cilium")).toHaveLength(3);
    expect(labelled("kube-system", "k8s-app", "kube-dns").length).toBeGreaterThan(0);
    expect(labelled("kube-system", "k8s-app", "hubble-relay")).toHaveLength(1);
    expect(labelled("monitoring", "app.kubernetes.io/name", "prometheus").length).toBeGreaterThan(0);
    expect(labelled("monitoring", "app.kubernetes.io/name", "grafana").length).toBeGreaterThan(0);
    expect(labelled("database", "cnpg.io/podRole", "instance").length).toBeGreaterThan(0);
    expect(labelled("cache", "app.kubernetes.io/name", "dragonfly").length).toBeGreaterThan(0);
    expect(labelled("garage", "app.kubernetes.io/name", "garage").length).toBeGreaterThan(0);
    for (const gateway of ["internal", "external"]) {
      expect(labelled("istio-gateway", "gateway.networking.k8s.io/gateway-name", gateway)).toHaveLength(1);
    }
    expect(labelled("istio-system", "app", "ztunnel")).toHaveLength(3);
    expect(labelled("istio-system", "app", "istiod")).toHaveLength(1);
    expect(
      podsIn("garage")
        .flatMap((pod) => pod.spec?.containers?.[0]?.ports ?? [])
        .map((p) => p.containerPort),
    ).toContain(3900);
  });
});

describe("the demo homelab's policies", () => {
  it("has the baselines, DNS egress to kube-dns on 53 UDP and TCP for every pod", () => {
    const dns = ccnp("baseline-dns-egress")!;
    expect(dns.spec?.endpointSelector).toEqual({});
    expect(dns.spec?.egress?.[0]?.toEndpoints?.[0]?.matchLabels).toEqual({
      "io.kubernetes.pod.namespace": "kube-system",
      "k8s-app": "kube-dns",
    });
    expect(dns.spec?.egress?.[0]?.toPorts?.[0]?.ports).toEqual([
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ]);
    expect(ccnp("baseline-health-probes")!.spec?.ingress).toEqual([
      { fromEntities: ["health"] },
      { fromCIDR: ["169.254.0.0/16"] },
    ]);
    expect(ccnp("baseline-prometheus-scrape")!.spec?.ingress?.[0]?.fromEndpoints?.[0]?.matchLabels).toEqual({
      "io.kubernetes.pod.namespace": "monitoring",
      "app.kubernetes.io/name": "prometheus",
    });
    expect(ccnp("baseline-kube-api-access")!.spec?.egress?.[0]?.toEntities).toEqual(["kube-apiserver"]);
    // The health baseline selects every endpoint the way real repositories often write it.
    expect(ccnp("baseline-health-probes")!.spec?.endpointSelector).toEqual({
      matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }],
    });
  });

  it("has a host policy for the control-plane nodes", () => {
    expect(ccnp("host-control-plane")!.spec).toMatchObject({
      nodeSelector: { matchLabels: { "node-role.kubernetes.io/control-plane": "" } },
    });
    expect(ccnp("host-control-plane")!.spec?.endpointSelector).toBeUndefined();
  });

  it("has one profile CCNP per profile with the gateways and egress DESIGN.md's table gives", () => {
    for (const profile of PROFILES) {
      const policy = ccnp(`profile-${profile}`)!;
      expect(policy.spec?.endpointSelector?.matchLabels).toEqual({
        "io.cilium.k8s.namespace.labels.network-policy.homelab/profile": profile,
      });
      const gateways = (policy.spec?.ingress ?? []).flatMap((rule) =>
        (rule.fromEndpoints ?? []).map((s) => s.matchLabels?.["gateway.networking.k8s.io/gateway-name"]),
      );
      expect(gateways).toEqual(PROFILE_GRANTS[profile].gateways);
      const https = (policy.spec?.egress ?? []).some(
        (rule) => rule.toEntities?.includes("world") && rule.toPorts?.[0]?.ports?.[0]?.port === "443",
      );
      expect(https).toBe(PROFILE_GRANTS[profile].httpsEgress);
    }
  });

  it("opens each shared resource to namespaces with its access label, both ways", () => {
    for (const access of ACCESS_NAMES.filter((name) => name !== "kube-api")) {
      const rules = rulesOf(ccnp(`access-${access}`)!);
      const key = `io.cilium.k8s.namespace.labels.access.network-policy.homelab/${access}`;
      expect(rules.some((rule) => rule.endpointSelector?.matchLabels?.[key] === "true" && rule.egress)).toBe(
        true,
      );
      expect(rules.some((rule) => rule.ingress?.[0]?.fromEndpoints?.[0]?.matchLabels?.[key] === "true")).toBe(
        true,
      );
    }
    expect(ports(ccnp("access-postgres")!)).toContain('"port":"5432"');
    expect(ports(ccnp("access-dragonfly")!)).toContain('"port":"6379"');
    expect(ports(ccnp("access-garage-s3")!)).toContain('"port":"3900"');
    expect(ports(ccnp("baseline-kube-api-access")!)).toEqual(['"port":"6443"', '"port":"443"']);
    expect(ccnp("enforcement-disabled")!.spec).toMatchObject({
      endpointSelector: {
        matchLabels: { "io.cilium.k8s.namespace.labels.network-policy.homelab/enforcement": "disabled" },
      },
      ingress: [{ fromEntities: ["all"] }],
      egress: [{ toEntities: ["all"] }],
    });
  });

  it("gives every platform namespace with pods a <ns>-default CNP with the template's required rules", () => {
    for (const ns of namespaces.filter((n) => platform.has(n.metadata.name))) {
      const policy = cnps.find((p) => p.metadata.name === `${ns.metadata.name}-default`);
      expect(policy, ns.metadata.name).toBeDefined();
      expect(policy!.metadata.namespace).toBe(ns.metadata.name);
      const ingress = policy!.spec?.ingress ?? [];
      expect(ingress).toContainEqual({ fromEntities: ["health"] });
      expect(ingress).toContainEqual({ fromCIDR: ["169.254.0.0/16"] });
      expect(policy!.spec?.egress?.[0]?.toEndpoints?.[0]?.matchLabels?.["k8s-app"]).toBe("kube-dns");
      expect(policy!.spec?.egress?.[0]?.toPorts?.[0]?.ports?.map((p) => p.protocol)).toEqual(["UDP", "TCP"]);
    }
  });

  it("includes NetworkPolicies, one of them ORing a namespace and a pod selector", () => {
    expect(netpols.length).toBeGreaterThan(0);
    const pitfall = netpols.filter((policy) =>
      (policy.spec.ingress ?? []).some(
        (rule) =>
          (rule.from ?? []).some((peer) => peer.namespaceSelector && !peer.podSelector) &&
          (rule.from ?? []).some((peer) => peer.podSelector && !peer.namespaceSelector),
      ),
    );
    expect(pitfall.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      "vaultwarden/allow-prometheus",
    ]);
  });
});

describe("homelabObjects", () => {
  it("is deterministic for a given time, and only its timestamps follow the time", () => {
    expect(homelabObjects(NOW)).toEqual(objects);
    const later = homelabObjects(NOW + 3_600_000);
    const names = (list: KubeObject[]) =>
      list.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
    expect(names(later)).toEqual(names(objects));
    expect(later.map((o) => o.metadata.uid)).toEqual(objects.map((o) => o.metadata.uid));
    expect(later[0]!.metadata.creationTimestamp).not.toBe(objects[0]!.metadata.creationTimestamp);
  });

  it("is stored by the demo API server with its managedFields and uids intact", () => {
    const store = createDemoObjectStore(objects);
    const outline = store.get("namespaces", undefined, "outline")!;
    const original = namespaces.find((ns) => ns.metadata.name === "outline")!;
    expect(outline.metadata.managedFields).toEqual(original.metadata.managedFields);
    expect(outline.metadata.uid).toBe(original.metadata.uid);
    expect(store.list("pods")).toHaveLength(pods.length);
  });
});
