import "server-only";
import { HOMELAB_NAMESPACES, type NamespaceSpec, type RouteSpec, type WorkloadSpec } from "./homelab-catalog";
import { HBONE_PORT, KUBE_APISERVER_PORT } from "./homelab-constants";

// Who talks to whom in the demo homelab, and how often. Verdicts are not written here: each
// attempt is judged by the policy evaluator against the cluster's labels and policies when it
// happens, so labelling a namespace (kubectl label ns mealie
// access.network-policy.homelab/postgres=true) changes the traffic that follows. Every drop must
// be one the scenario means to show: intended-drops.test.ts lists them.

/** A pod in `namespace` with these labels (one is picked per occurrence). */
export interface PodsPeer {
  kind: "pods";
  namespace: string;
  labels: Record<string, string>;
}

export type PlanPeer =
  | PodsPeer
  | { kind: "world"; host: string }
  /** An address outside the cluster that has no name (a LAN device, a stale pod IP). */
  | { kind: "address"; ip: string }
  /** Clients of a gateway: the internet for external, the LAN for internal. */
  | { kind: "clients"; lan: boolean }
  | { kind: "kube-apiserver" }
  /** The kubelet of the destination pod's node. */
  | { kind: "kubelet" }
  | { kind: "node" };

/** Drop reasons that are not policy: injected as the network misbehaving. */
export type FaultReason = "CT_MAP_INSERTION_FAILED" | "STALE_OR_UNROUTABLE_IP" | "TTL_EXCEEDED";

export interface Conversation {
  id: string;
  from: PlanPeer;
  to: PlanPeer;
  protocol: "TCP" | "UDP";
  port: number;
  everyMs: number;
  /** Name resolved through kube-dns before connecting (sometimes; resolvers cache). */
  lookup?: string;
  /** A DNS query and nothing else: `to` is kube-dns. */
  dnsQuery?: string;
  route?: RouteSpec;
  fault?: FaultReason;
}

/** Public names and the addresses the demo resolves them to (documentation ranges, RFC 5737). */
export const WORLD_HOSTS: Record<string, string> = {
  "api.github.com": "203.0.113.10",
  "github.com": "203.0.113.11",
  "ghcr.io": "203.0.113.12",
  "hooks.slack.com": "203.0.113.20",
  "grafana.com": "203.0.113.30",
  "tiles.immich.cloud": "203.0.113.40",
  "huggingface.co": "203.0.113.41",
  "api.met.no": "203.0.113.50",
  "news.ycombinator.com": "203.0.113.60",
  "lwn.net": "203.0.113.61",
  "blog.cloudflare.com": "203.0.113.62",
  "push.bitwarden.com": "203.0.113.70",
  "hc-ping.com": "203.0.113.80",
  "example.com": "203.0.113.100",
  "apps.nextcloud.com": "203.0.113.110",
  "acme-v02.api.letsencrypt.org": "203.0.113.120",
  "one.one.one.one": "192.0.2.53",
};

const SECOND = 1000;

function pods(namespace: string, name?: string, labels: Record<string, string> = {}): PodsPeer {
  return { kind: "pods", namespace, labels: name ? { "app.kubernetes.io/name": name, ...labels } : labels };
}

const POSTGRES = pods("database", "postgres", { role: "primary" });
const DRAGONFLY = pods("cache", "dragonfly");
const GARAGE = pods("garage", "garage");
/** The cluster's DNS servers, which every lookup goes to. */
export const KUBE_DNS_PODS = pods("kube-system", undefined, { "k8s-app": "kube-dns" });

function serviceName(namespace: string, service: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

const POSTGRES_NAME = serviceName("database", "postgres-rw");
const DRAGONFLY_NAME = serviceName("cache", "dragonfly");
const GARAGE_NAME = serviceName("garage", "garage");
const KUBERNETES_NAME = "kubernetes.default.svc.cluster.local";

interface Talk {
  to: PlanPeer;
  port: number;
  everyS: number;
  lookup?: string;
  protocol?: "TCP" | "UDP";
  fault?: FaultReason;
}

const postgres = (everyS: number): Talk => ({ to: POSTGRES, port: 5432, everyS, lookup: POSTGRES_NAME });
const dragonfly = (everyS: number): Talk => ({ to: DRAGONFLY, port: 6379, everyS, lookup: DRAGONFLY_NAME });
const garage = (everyS: number): Talk => ({ to: GARAGE, port: 3900, everyS, lookup: GARAGE_NAME });
const kubeApi = (everyS: number): Talk => ({
  to: { kind: "kube-apiserver" },
  port: KUBE_APISERVER_PORT,
  everyS,
  lookup: KUBERNETES_NAME,
});
const https = (host: string, everyS: number, port = 443): Talk => ({
  to: { kind: "world", host },
  port,
  everyS,
  lookup: host,
});

/** What each workload initiates, keyed "namespace/app". */
const TALKS: Record<string, Talk[]> = {
  "paperless/paperless-ngx": [
    postgres(30),
    dragonfly(30),
    garage(60),
    // A connection to the Dragonfly pod that was replaced last night, still in a client's pool.
    { to: { kind: "address", ip: "10.244.2.250" }, port: 6379, everyS: 50, fault: "STALE_OR_UNROUTABLE_IP" },
  ],
  "immich/immich-server": [
    postgres(30),
    dragonfly(40),
    https("tiles.immich.cloud", 60),
    { to: POSTGRES, port: 5432, everyS: 55, fault: "CT_MAP_INSERTION_FAILED" },
  ],
  "immich/immich-machine-learning": [https("huggingface.co", 60)],
  // internal profile: no HTTPS egress, so plugin updates from grafana.com are dropped.
  "grafana-dashboards/grafana": [https("grafana.com", 20)],
  // n8n's queue mode needs Dragonfly, but the namespace has no dragonfly access label.
  "n8n/n8n": [postgres(40), dragonfly(30), https("api.github.com", 60), https("hooks.slack.com", 60)],
  "home-assistant/home-assistant": [
    postgres(30),
    https("api.met.no", 60),
    // The Hue bridge on the LAN, behind a routing loop.
    { to: { kind: "address", ip: "192.168.10.50" }, port: 443, everyS: 50, fault: "TTL_EXCEEDED" },
  ],
  "miniflux/miniflux": [
    postgres(40),
    https("news.ycombinator.com", 60),
    https("lwn.net", 90),
    https("blog.cloudflare.com", 120),
  ],
  "vaultwarden/vaultwarden": [postgres(60), https("push.bitwarden.com", 120)],
  // isolated profile: the backup job's health-check ping to hc-ping.com is dropped.
  "batch-jobs/pg-backup": [postgres(60), garage(60), https("hc-ping.com", 30)],
  "batch-jobs/media-sync": [garage(40)],
  // No postgres access label.
  "mealie/mealie": [postgres(20)],
  // Reads the cluster for its widgets, without the kube-api access label.
  "homepage/homepage": [kubeApi(20)],
  // Has kube-api but no garage-s3 label for the Actions cache.
  "actions-runner/homelab-runner": [
    kubeApi(40),
    https("api.github.com", 30),
    https("ghcr.io", 60),
    garage(30),
  ],
  // Enforcement was disabled here when the wiki went public: its profile (internal) lets in only the
  // internal gateway, and the external gateway routes wiki traffic to it.
  "outline/outline": [postgres(40)],
  // No profile: nothing but DNS is allowed.
  "scratch/netshoot": [https("example.com", 30)],
  "nextcloud/nextcloud": [postgres(30), dragonfly(20), garage(60), https("apps.nextcloud.com", 120)],

  "kube-system/coredns": [
    { to: { kind: "world", host: "one.one.one.one" }, port: 53, protocol: "UDP", everyS: 20 },
  ],
  "kube-system/hubble-relay": [{ to: { kind: "node" }, port: 4244, everyS: 30 }],
  "monitoring/grafana": [
    {
      to: pods("monitoring", "prometheus"),
      port: 9090,
      everyS: 30,
      lookup: "prometheus-operated.monitoring.svc.cluster.local",
    },
  ],
  "monitoring/prometheus": [
    { to: pods("monitoring", "alertmanager"), port: 9093, everyS: 60 },
    { to: { kind: "kube-apiserver" }, port: KUBE_APISERVER_PORT, everyS: 30 },
  ],
  "monitoring/alertmanager": [https("hooks.slack.com", 60)],
  "database/cloudnative-pg": [
    { to: pods("database", "postgres"), port: 8000, everyS: 30 },
    { to: { kind: "kube-apiserver" }, port: KUBE_APISERVER_PORT, everyS: 30 },
  ],
  "database/postgres": [garage(30)],
  "cache/dragonfly": [{ to: DRAGONFLY, port: 6379, everyS: 30 }],
  "garage/garage": [{ to: GARAGE, port: 3901, everyS: 20 }],
  "istio-system/ztunnel": [
    { to: pods("istio-system", "istiod"), port: 15012, everyS: 30 },
    { to: pods("monitoring", "grafana"), port: HBONE_PORT, everyS: 20 },
    { to: POSTGRES, port: HBONE_PORT, everyS: 20 },
    // cache is in the mesh, but its CNP lacks the HBONE rules.
    { to: DRAGONFLY, port: HBONE_PORT, everyS: 20 },
  ],
  "istio-system/istiod": [{ to: { kind: "kube-apiserver" }, port: KUBE_APISERVER_PORT, everyS: 30 }],
  "flux-system/source-controller": [https("github.com", 120), https("ghcr.io", 120)],
  "flux-system/kustomize-controller": [
    {
      to: pods("flux-system", "source-controller"),
      port: 9090,
      everyS: 30,
      lookup: serviceName("flux-system", "source-controller"),
    },
    kubeApi(30),
  ],
  "flux-system/helm-controller": [kubeApi(60)],
  "cert-manager/cert-manager": [https("acme-v02.api.letsencrypt.org", 90), kubeApi(30)],
};

/** Conversations every namespace has without saying so: DNS, probes, scrapes, gateway traffic. */
function implicitConversations(namespaces: readonly NamespaceSpec[]): Conversation[] {
  const conversations: Conversation[] = [];
  for (const spec of namespaces) {
    for (const workload of spec.workloads) {
      if (workload.hostNetwork) continue;
      const self = workloadPods(spec, workload);
      // Jobs and bare pods have no probes; coredns answers its probes on 8080.
      if (workload.kind !== "CronJob" && workload.kind !== "Pod") {
        conversations.push({
          id: `probe/${spec.name}/${workload.name}`,
          from: { kind: "kubelet" },
          to: self,
          protocol: "TCP",
          port: workload.protocol === "UDP" ? 8080 : workload.port,
          everyMs: 120 * SECOND,
        });
      }
      // Prometheus scrapes itself over localhost, which Hubble does not see.
      const isPrometheus = spec.name === "monitoring" && workload.name === "prometheus";
      if (workload.metricsPort && !isPrometheus) {
        conversations.push({
          id: `scrape/${spec.name}/${workload.name}`,
          from: pods("monitoring", "prometheus"),
          to: self,
          protocol: "TCP",
          port: workload.metricsPort,
          everyMs: 30 * SECOND,
        });
      }
    }
    if (spec.route) {
      const named = spec.route.backend;
      const backend = spec.workloads.find((workload) => workload.name === named) ?? spec.workloads[0]!;
      conversations.push({
        id: `route/${spec.name}`,
        from: pods("istio-gateway", `${spec.route.gateway}-istio`),
        to: pods(spec.name, backend.name),
        protocol: "TCP",
        port: backend.port,
        everyMs: 40 * SECOND,
        route: spec.route,
        lookup: serviceName(spec.name, backend.service ?? backend.name),
      });
    }
  }
  for (const gateway of ["internal", "external"] as const) {
    conversations.push({
      id: `clients/${gateway}`,
      from: { kind: "clients", lan: gateway === "internal" },
      to: pods("istio-gateway", `${gateway}-istio`),
      protocol: "TCP",
      port: 443,
      everyMs: 15 * SECOND,
    });
    conversations.push({
      id: `xds/${gateway}`,
      from: pods("istio-gateway", `${gateway}-istio`),
      to: pods("istio-system", "istiod"),
      protocol: "TCP",
      port: 15012,
      everyMs: 60 * SECOND,
    });
  }
  // uptime-kuma's status checks start with a lookup that its deny-kube-system policy drops.
  conversations.push({
    id: "dns/uptime-kuma",
    from: pods("uptime-kuma", "uptime-kuma"),
    to: KUBE_DNS_PODS,
    protocol: "UDP",
    port: 53,
    everyMs: 20 * SECOND,
    dnsQuery: "github.com",
  });
  return conversations;
}

/** Selects the pods of a workload the way its controller labels them. */
function workloadPods(spec: NamespaceSpec, workload: WorkloadSpec): PodsPeer {
  return pods(spec.name, workload.kind === "Pod" ? undefined : workload.name, workload.labels);
}

function talkConversations(namespaces: readonly NamespaceSpec[]): Conversation[] {
  return Object.entries(TALKS).flatMap(([key, talks]) => {
    const [namespace, app] = key.split("/") as [string, string];
    const spec = namespaces.find((candidate) => candidate.name === namespace);
    const workload = spec?.workloads.find((candidate) => candidate.name === app);
    if (!spec || !workload) return [];
    return talks.map((talk, index) => ({
      id: `talk/${key}/${index}`,
      from: workloadPods(spec, workload),
      to: talk.to,
      protocol: talk.protocol ?? "TCP",
      port: talk.port,
      everyMs: talk.everyS * SECOND,
      ...(talk.lookup ? { lookup: talk.lookup } : {}),
      ...(talk.fault ? { fault: talk.fault } : {}),
    }));
  });
}

/** The demo homelab's traffic. */
export function homelabTrafficPlan(
  namespaces: readonly NamespaceSpec[] = HOMELAB_NAMESPACES,
): Conversation[] {
  return [...implicitConversations(namespaces), ...talkConversations(namespaces)];
}
