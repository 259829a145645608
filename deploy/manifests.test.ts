// The manifests in deploy/, rendered by the real `kubectl kustomize` (and by Sieve's own Flux
// renderer for the Flux overlay), asserted object by object: the ClusterRole's rights, the pod's
// security settings and probes, and Sieve's own CiliumNetworkPolicies judged by Sieve's evaluator
// and posture analysis.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import { address, entity, fqdn, podIn, query } from "@/lib/evaluator/testing/queries";
import type { DestinationEndpoint, SourceEndpoint } from "@/lib/evaluator/connection-query";
import { kindInfo, WATCHED_KINDS } from "@/lib/kube/kinds";
import { parseManifestObjects } from "@/lib/kube/parse-manifests";
import type { KindObjectMap, KubeObject, WatchedKind } from "@/lib/kube/types";
import { homelabBaselines, ns, pod } from "@/lib/policy/testing/builders";
import { listenAddressOf, listenProblem } from "@/lib/auth/listen-address";
import { parseAuthSettings } from "@/lib/config/auth-settings";
import { parseMetricsSettings } from "@/lib/config/metrics-settings";
import { parseWebAccess } from "@/lib/config/web-access";
import { analyzeCluster, type ClusterAnalysis } from "@/lib/posture/cluster-analysis";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { readRepositoryFolder } from "@/server/render/repository-folder";
import { renderRepository } from "@/server/render/render-repository";

type Manifest = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

const DEPLOY = path.resolve(import.meta.dirname);
const NOW = Date.parse("2026-12-01T12:00:00Z");

function kustomize(folder: string): Manifest[] {
  const output = execFileSync("kubectl", ["kustomize", path.join(DEPLOY, folder)], {
    encoding: "utf8",
    env: { ...process.env, KUBECONFIG: "/dev/null" },
  });
  return parseAllDocuments(output).map((document) => document.toJS() as Manifest);
}

/** deploy/ as Flux reads it from Sieve's repository (paths relative to the repository's root). */
async function fluxRender(): Promise<Manifest[]> {
  const files = new Map(
    [...readRepositoryFolder(DEPLOY)].map(([file, text]) => [`deploy/${file}`, text] as const),
  );
  const render = await renderRepository(files, { ownSources: ["GitRepository/flux-system/sieve"] });
  expect(render.problems).toEqual([]);
  expect(render.renderer).toMatch(/^kubectl kustomize/);
  return render.objects
    .filter((rendered) => rendered.origin.kustomization !== undefined)
    .map((rendered) => rendered.object as unknown as Manifest);
}

function one(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0]!;
}

interface Container {
  name: string;
  image: string;
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  securityContext: Record<string, unknown>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  ports: { name: string; containerPort: number }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object; secret?: { secretName: string } }[];
}

function podSpec(deployment: Manifest): PodSpec {
  return (deployment as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

function envOf(container: Container): Record<string, string | undefined> {
  return Object.fromEntries(container.env.map((e) => [e.name, e.value]));
}

/** deploy/base with components, rendered from a kustomization outside deploy/ (as a user's overlay). */
function kustomizeWith(components: string[]): Manifest[] {
  const folder = mkdtempSync(path.join(os.tmpdir(), "sieve-overlay-"));
  try {
    const lines = [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      `  - ${path.relative(folder, path.join(DEPLOY, "base"))}`,
      "components:",
      ...components.map(
        (component) => `  - ${path.relative(folder, path.join(DEPLOY, "components", component))}`,
      ),
    ];
    writeFileSync(path.join(folder, "kustomization.yaml"), `${lines.join("\n")}\n`);
    const output = execFileSync("kubectl", ["kustomize", folder], {
      encoding: "utf8",
      env: { ...process.env, KUBECONFIG: "/dev/null" },
    });
    return parseAllDocuments(output).map((document) => document.toJS() as Manifest);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Why the image's entrypoint (node server.js, HOSTNAME from the pod) would refuse to start. */
function startupProblems(env: Record<string, string | undefined>): string[] {
  const { settings, problems } = parseAuthSettings(env, parseWebAccess(env).access);
  const bind = listenProblem(settings, listenAddressOf(["node", "server.js"], env));
  return bind ? [...problems, bind] : problems;
}

/** The rendered objects Sieve reads, plus a minimal platform: kube-dns, relay, Cilium, Prometheus, a gateway. */
function clusterWith(rendered: Manifest[], extra: KubeObject[] = []): ClusterObjects {
  const parsed = parseManifestObjects(
    rendered.map((object) => ({ object: object as Record<string, unknown>, file: "deploy" })),
  );
  expect(parsed.problems).toEqual([]);
  const platform: KubeObject[] = [
    ns("kube-system"),
    ns("monitoring"),
    ns("istio-gateway"),
    ns("shop", { "network-policy.homelab/profile": "standard" }),
    pod("kube-system", "cilium-x1", { "k8s-app": "cilium" }, { hostNetwork: true }),
    pod("kube-system", "coredns-1", { "k8s-app": "kube-dns" }),
    pod("kube-system", "hubble-relay-1", { "k8s-app": "hubble-relay" }),
    pod("monitoring", "prometheus-0", { "app.kubernetes.io/name": "prometheus" }),
    pod("istio-gateway", "internal-1", { "gateway.networking.k8s.io/gateway-name": "internal" }),
    pod("istio-gateway", "external-1", { "gateway.networking.k8s.io/gateway-name": "external" }),
    pod("shop", "web-1", { app: "web" }),
  ];
  const all = [...platform, ...parsed.objects, ...extra];
  const of = <K extends WatchedKind>(kind: K) =>
    all.filter((o) => o.kind === kindInfo(kind).objectKind) as KindObjectMap[K][];
  return {
    namespaces: of("namespaces"),
    pods: of("pods"),
    networkpolicies: of("networkpolicies"),
    ciliumnetworkpolicies: of("ciliumnetworkpolicies"),
    ciliumclusterwidenetworkpolicies: of("ciliumclusterwidenetworkpolicies"),
  };
}

function analysisOf(objects: ClusterObjects): ClusterAnalysis {
  return analyzeCluster(objects, clusterConventions(objects), NOW);
}

describe("deploy/base rendered by kubectl kustomize", () => {
  let objects: Manifest[];
  beforeAll(() => {
    objects = kustomize("base");
  });

  it("holds exactly Sieve's objects, all in namespace sieve", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "CiliumNetworkPolicy/sieve",
      "CiliumNetworkPolicy/sieve-ingress",
      "ClusterRole/sieve-reader",
      "ClusterRoleBinding/sieve-reader",
      "Deployment/sieve",
      "Namespace/sieve",
      "Service/sieve",
      "ServiceAccount/sieve",
    ]);
    const namespaced = objects.filter(
      (o) => !["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind),
    );
    for (const object of namespaced) expect(object.metadata.namespace, object.kind).toBe("sieve");
    // No Secret is shipped: the git token and relay certificates are the user's to create.
    expect(objects.some((o) => o.kind === "Secret")).toBe(false);
  });

  it("grants get, list and watch on the five kinds Sieve watches, and nothing else", () => {
    const role = one(objects, "ClusterRole", "sieve-reader") as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
    };
    const granted = role.rules.flatMap((rule) =>
      rule.apiGroups.flatMap((group) =>
        rule.resources.map((resource) => ({ group, resource, verbs: [...rule.verbs].sort() })),
      ),
    );
    const watched = WATCHED_KINDS.map((k) => ({
      group: k.group,
      resource: k.kind,
      verbs: ["get", "list", "watch"],
    }));
    const key = (g: { group: string; resource: string }) => `${g.group}/${g.resource}`;
    expect([...granted].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...watched].sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(JSON.stringify(role.rules)).not.toContain("*");

    const binding = one(objects, "ClusterRoleBinding", "sieve-reader") as unknown as {
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    };
    expect(binding.roleRef).toMatchObject({ kind: "ClusterRole", name: "sieve-reader" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "sieve", namespace: "sieve" }]);
  });

  it("runs the pod non-root, read-only, without privileges, with seccomp RuntimeDefault", () => {
    const spec = podSpec(one(objects, "Deployment", "sieve"));
    expect(spec.serviceAccountName).toBe("sieve");
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(spec.containers).toHaveLength(1);
    const [container] = spec.containers;
    expect(container!.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container!.securityContext).not.toHaveProperty("capabilities.add");
    // The only writable paths are emptyDirs: /tmp (git, renders) and Next's cache.
    const writable = container!.volumeMounts.filter((m) => !m.readOnly);
    expect(writable.map((m) => m.mountPath).sort()).toEqual(["/app/.next/cache", "/tmp"]);
    for (const mount of writable)
      expect(spec.volumes.find((v) => v.name === mount.name)?.emptyDir, mount.mountPath).toBeDefined();
  });

  it("probes /api/health, sizes memory from the benchmark, and configures Sieve for the cluster", () => {
    const [container] = podSpec(one(objects, "Deployment", "sieve")).containers;
    expect(container!.readinessProbe.httpGet).toEqual({ path: "/api/health", port: "http" });
    expect(container!.livenessProbe.httpGet).toEqual({ path: "/api/health", port: "http" });
    expect(container!.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(container!.resources).toEqual({
      requests: { cpu: "100m", memory: "320Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
    expect(container!.image).toBe("localhost/sieve:0.1.0");
    expect(envOf(container!)).toMatchObject({
      HOSTNAME: "0.0.0.0",
      PORT: "3000",
      SIEVE_KUBE_IN_CLUSTER: "true",
      SIEVE_HUBBLE_ADDRESS: "hubble-relay.kube-system.svc:80",
      SIEVE_HUBBLE_TLS: "false",
    });
    const service = one(objects, "Service", "sieve") as unknown as {
      spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    expect(service.spec.selector).toEqual({ "app.kubernetes.io/name": "sieve" });
    expect(service.spec.ports[0]!.targetPort).toBe("http");
  });

  it("says SIEVE_AUTH out loud, so the pod starts on 0.0.0.0, and serves metrics to Prometheus", () => {
    const deployment = one(objects, "Deployment", "sieve");
    const env = envOf(podSpec(deployment).containers[0]!);
    expect(env.SIEVE_AUTH).toBe("none");
    expect(startupProblems(env)).toEqual([]);
    // Without it, the same pod would refuse to start.
    expect(startupProblems({ ...env, SIEVE_AUTH: undefined })).toEqual([
      expect.stringMatching(/^Sieve listens on "0\.0\.0\.0" without login/),
    ]);
    expect(parseMetricsSettings(env)).toEqual({ enabled: true, problems: [] });
    const annotations = (
      deployment as unknown as { spec: { template: { metadata: { annotations: object } } } }
    ).spec.template.metadata.annotations;
    expect(annotations).toEqual({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "3000",
      "prometheus.io/path": "/metrics",
    });
  });
});

describe("deploy/components/auth-oidc", () => {
  let objects: Manifest[];
  beforeAll(() => {
    objects = kustomizeWith(["auth-oidc"]);
  });

  it("signs users in with OIDC, its secrets from the Secret sieve-oidc", () => {
    const [container] = podSpec(one(objects, "Deployment", "sieve")).containers;
    const fromSecret = Object.fromEntries(
      container!.env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom?.secretKeyRef]),
    );
    expect(fromSecret).toEqual({
      SIEVE_OIDC_CLIENT_SECRET: { name: "sieve-oidc", key: "client-secret" },
      SIEVE_SESSION_SECRET: { name: "sieve-oidc", key: "session-secret" },
    });
    const env: Record<string, string | undefined> = {
      ...envOf(container!),
      SIEVE_OIDC_CLIENT_SECRET: "client-secret",
      SIEVE_SESSION_SECRET: "x".repeat(48),
    };
    expect(env.SIEVE_AUTH).toBe("oidc");
    expect(startupProblems(env)).toEqual([]);
    const settings = parseAuthSettings(env, parseWebAccess(env).access).settings;
    expect(settings.oidc?.redirectUri).toBe("https://sieve.example.org/auth/callback");
    expect(settings.pushGroup).toBe("platform-admins");
  });

  it("lets Sieve reach the identity provider over HTTPS, and nothing more", () => {
    const analysis = analysisOf(clusterWith(objects));
    const sieve = podIn("sieve", { "app.kubernetes.io/name": "sieve" }, "sieve-0");
    const ask = (destination: DestinationEndpoint, port: number) =>
      evaluateConnection(query(sieve, destination, port), analysis.evaluation).allowed;
    expect(ask(fqdn("id.example.org"), 443)).toBe(true);
    expect(ask(fqdn("id.example.org"), 80)).toBe(false);
    expect(ask(fqdn("evil.example.com"), 443)).toBe(false);
    const posture = analysis.posture.namespaces.find((n) => n.name === "sieve");
    expect(posture?.findings).toEqual([]);
  });
});

describe("Sieve's own CiliumNetworkPolicies, judged by Sieve's evaluator", () => {
  let analysis: ClusterAnalysis;
  const sieve = podIn("sieve", { "app.kubernetes.io/name": "sieve" }, "sieve-0");
  const allowed = (
    source: SourceEndpoint,
    destination: DestinationEndpoint,
    port: number,
    protocol: "TCP" | "UDP" = "TCP",
  ) => evaluateConnection(query(source, destination, port, protocol), analysis.evaluation);

  beforeAll(async () => {
    // The Flux overlay: base + relay-tls + gitops components, the forge git.example.org, an oauth2-proxy.
    analysis = analysisOf(
      clusterWith(await fluxRender(), [
        pod("auth", "oauth2-proxy-1", { "app.kubernetes.io/name": "oauth2-proxy" }),
        ns("auth"),
      ]),
    );
  });

  it("reaches the Kubernetes API server, the relay and kube-dns", () => {
    expect(allowed(sieve, entity("kube-apiserver"), 6443).allowed).toBe(true);
    expect(allowed(sieve, entity("kube-apiserver"), 443).allowed).toBe(true);
    const relay = podIn("kube-system", { "k8s-app": "hubble-relay" }, "hubble-relay-1");
    expect(allowed(sieve, relay, 4245).allowed).toBe(true);
    const dns = podIn("kube-system", { "k8s-app": "kube-dns" }, "coredns-1");
    expect(allowed(sieve, dns, 53, "UDP").allowed).toBe(true);
    expect(allowed(sieve, dns, 53, "TCP").allowed).toBe(true);
  });

  it("reaches the configured forge over HTTPS only", () => {
    expect(allowed(sieve, fqdn("git.example.org"), 443).allowed).toBe(true);
    expect(allowed(sieve, fqdn("git.example.org"), 22).allowed).toBe(false);
    // The base's default forge was replaced by the overlay's patch.
    expect(allowed(sieve, fqdn("github.com"), 443).allowed).toBe(false);
  });

  it("reaches nothing else: other namespaces' pods, other relay ports, the world", () => {
    const denied = [
      allowed(sieve, podIn("shop", { app: "web" }, "web-1"), 8080),
      allowed(sieve, podIn("kube-system", { "k8s-app": "hubble-relay" }, "hubble-relay-1"), 4244),
      allowed(sieve, podIn("kube-system", { "k8s-app": "cilium" }), 4245),
      allowed(sieve, entity("kube-apiserver"), 2379),
      allowed(sieve, fqdn("evil.example.com"), 443),
      allowed(sieve, address("203.0.113.7/32"), 443),
      allowed(sieve, entity("world"), 443),
      allowed(sieve, entity("host"), 10250),
    ];
    for (const verdict of denied) {
      expect(verdict.allowed, verdict.sentence).toBe(false);
      expect(verdict.droppedAt).toBe("egress");
    }
  });

  it("admits the configured proxy, Prometheus and health checks on its port; nobody else", () => {
    const proxy = podIn("auth", { "app.kubernetes.io/name": "oauth2-proxy" }, "oauth2-proxy-1");
    expect(allowed(proxy, sieve, 3000).allowed).toBe(true);
    expect(allowed(proxy, sieve, 9999).allowed).toBe(false);
    const prometheus = podIn("monitoring", { "app.kubernetes.io/name": "prometheus" }, "prometheus-0");
    expect(allowed(prometheus, sieve, 3000).allowed).toBe(true);
    expect(allowed(entity("health"), sieve, 3000).allowed).toBe(true);
    const strangers = [
      podIn("shop", { app: "web" }, "web-1"),
      // The base's gateway was replaced by the overlay's proxy.
      podIn("istio-gateway", { "gateway.networking.k8s.io/gateway-name": "internal" }, "internal-1"),
      podIn("monitoring", { app: "grafana" }, "grafana-0"),
      entity("world"),
      address("10.1.2.3/32"),
    ];
    for (const stranger of strangers) {
      const verdict = allowed(stranger, sieve, 3000);
      expect(verdict.allowed, verdict.sentence).toBe(false);
      expect(verdict.droppedAt).toBe("ingress");
    }
  });

  it("with the base alone, the internal gateway is the only way in and no forge is reachable", () => {
    const base = analysisOf(clusterWith(kustomize("base")));
    const ask = (source: SourceEndpoint, destination: DestinationEndpoint, port: number) =>
      evaluateConnection(query(source, destination, port), base.evaluation).allowed;
    expect(
      ask(podIn("istio-gateway", { "gateway.networking.k8s.io/gateway-name": "internal" }), sieve, 3000),
    ).toBe(true);
    expect(
      ask(podIn("istio-gateway", { "gateway.networking.k8s.io/gateway-name": "external" }), sieve, 3000),
    ).toBe(false);
    expect(ask(sieve, fqdn("github.com"), 443)).toBe(false);
    expect(ask(sieve, entity("kube-apiserver"), 6443)).toBe(true);
  });

  it("Sieve's posture view shows namespace sieve as a platform namespace without findings", () => {
    const base = kustomize("base");
    // Also in the homelab's conventions: baselines and profiles as cluster-wide policies.
    const homelab = analysisOf(clusterWith(base, homelabBaselines()));
    expect(homelab.conventions.profileLabel).toBe("network-policy.homelab/profile");
    for (const current of [analysis, analysisOf(clusterWith(base)), homelab]) {
      const posture = current.posture.namespaces.find((n) => n.name === "sieve");
      expect(posture?.kind).toBe("platform");
      expect(posture?.findings).toEqual([]);
      expect(posture?.pods.total).toBe(1);
      expect(posture?.pods.unselected).toEqual([]);
      const checks = Object.fromEntries(posture!.platformChecks.map((c) => [c.id, c.status]));
      expect(checks).toMatchObject({
        "dns-egress": "present",
        "prometheus-scrape": "present",
        "health-probes": "present",
      });
    }
  });
});

describe("deploy/flux", () => {
  it("renders a GitRepository and a Flux Kustomization applying deploy/base with the components", () => {
    const objects = kustomize("flux");
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      "GitRepository/flux-system/sieve",
      "Kustomization/flux-system/sieve",
    ]);
    const flux = one(objects, "Kustomization", "sieve") as unknown as {
      apiVersion: string;
      spec: { path: string; sourceRef: { kind: string; name: string }; components: string[]; prune: boolean };
    };
    expect(flux.apiVersion).toBe("kustomize.toolkit.fluxcd.io/v1");
    expect(flux.spec).toMatchObject({
      path: "./deploy/base",
      sourceRef: { kind: "GitRepository", name: "sieve" },
      components: ["../components/relay-tls", "../components/gitops", "../components/auth-proxy"],
      prune: true,
    });
  });

  it("applies, as Flux renders it, relay TLS with the chart's client certificate and the git token as files", async () => {
    const objects = await fluxRender();
    const spec = podSpec(one(objects, "Deployment", "sieve"));
    const [container] = spec.containers;
    expect(container!.image).toBe("registry.example.org/sieve:0.1.0");
    expect(envOf(container!)).toMatchObject({
      SIEVE_HUBBLE_ADDRESS: "hubble-relay.kube-system.svc:443",
      SIEVE_HUBBLE_TLS: "true",
      SIEVE_HUBBLE_TLS_CA_FILE: "/var/run/secrets/sieve/hubble/ca.crt",
      SIEVE_HUBBLE_TLS_CERT_FILE: "/var/run/secrets/sieve/hubble/tls.crt",
      SIEVE_HUBBLE_TLS_KEY_FILE: "/var/run/secrets/sieve/hubble/tls.key",
      SIEVE_HUBBLE_TLS_SERVER_NAME: "ui.hubble-relay.cilium.io",
      SIEVE_GITOPS_REPO: "https://git.example.org/platform/homelab",
      SIEVE_GITOPS_PROVIDER: "gitea",
      SIEVE_GITOPS_TOKEN_FILE: "/var/run/secrets/sieve/gitops/token",
    });
    // Login through the oauth2-proxy the sieve-ingress patch admits.
    expect(envOf(container!)).toMatchObject({
      SIEVE_AUTH: "proxy",
      SIEVE_TRUSTED_PROXIES: "10.0.0.0/8",
      SIEVE_PUSH_GROUP: "platform-admins",
    });
    expect(startupProblems(envOf(container!))).toEqual([]);
    // The token is a file from a Secret, never an environment value.
    expect(container!.env.some((e) => e.name === "SIEVE_GITOPS_TOKEN")).toBe(false);
    const secrets = Object.fromEntries(
      spec.volumes.filter((v) => v.secret).map((v) => [v.name, v.secret!.secretName]),
    );
    expect(secrets).toEqual({
      "hubble-client-certs": "sieve-hubble-client-certs",
      "gitops-token": "sieve-gitops-token",
    });
    for (const name of Object.keys(secrets))
      expect(container!.volumeMounts.find((m) => m.name === name)?.readOnly).toBe(true);
    expect(container!.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
  });
});
