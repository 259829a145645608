import type { CiliumNetworkPolicy, KubeObject, NetworkPolicy } from "@/lib/kube/types";
import { PLATFORM_NAMESPACES } from "@/server/demo/scenario/catalog-platform";
import { clusterPolicies } from "@/server/demo/scenario/cluster-policies";
import type { NamespaceSpec, WorkloadSpec } from "@/server/demo/scenario/homelab-catalog";
import {
  ACCESS_NAMES,
  NODES,
  type AccessName,
  type NodeInfo,
  type ProfileName,
} from "@/server/demo/scenario/homelab-constants";
import { namespaceObject } from "@/server/demo/scenario/namespace-objects";
import { daysAgo, fluxLabels, objectMeta } from "@/server/demo/scenario/object-meta";
import { platformPolicies } from "@/server/demo/scenario/platform-policies";
import { podsOfNamespace } from "@/server/demo/scenario/pod-objects";
import {
  clusterwidePolicy,
  dnsPorts,
  KUBE_DNS_PEER,
  namespacedPolicy,
  podsIn,
  tcp,
} from "@/server/demo/scenario/policy-parts";
import { seededRandom, type Random } from "@/server/demo/scenario/stable-random";

// A homelab grown large: the demo's platform namespaces and cluster-wide policies, plus hundreds of
// app namespaces labelled by the conventions (profiles, access labels, the odd escape hatch), each
// with a few workloads and the CNPs and NetworkPolicies app teams write, mistakes included. The
// same options always give the same objects.

export interface SyntheticClusterOptions {
  /** Namespaces in all, the platform ones included. */
  namespaces: number;
  /** Policies in all: CCNPs, CNPs and NetworkPolicies. */
  policies: number;
  /** Roughly how many pods; app namespaces share what the platform leaves. */
  pods: number;
  /** Timestamps are relative to it. */
  now: number;
}

export interface SyntheticCluster {
  objects: KubeObject[];
  /** Namespace specs, platform first, in the order the objects list them. */
  namespaces: NamespaceSpec[];
  counts: { namespaces: number; pods: number; policies: number; byKind: Record<string, number> };
}

export const POSTURE_CLUSTER: Omit<SyntheticClusterOptions, "now"> = {
  namespaces: 1_000,
  policies: 3_000,
  pods: 5_000,
};

const APP_NAMES = [
  "paperless",
  "immich",
  "grafana",
  "n8n",
  "home-assistant",
  "miniflux",
  "vaultwarden",
  "mealie",
  "homepage",
  "jellyfin",
  "outline",
  "linkding",
  "nextcloud",
  "gitea",
  "wikijs",
  "bookstack",
  "freshrss",
  "navidrome",
  "audiobookshelf",
  "calibre-web",
  "syncthing",
  "searxng",
  "changedetection",
  "stirling-pdf",
  "uptime-kuma",
  "umami",
  "plausible",
  "authentik",
  "mattermost",
  "matrix",
];

/** Profiles in the proportions a grown homelab tends to have; undefined is a namespace without one. */
const PROFILE_MIX: (ProfileName | undefined)[] = [
  "isolated",
  "isolated",
  "internal",
  "internal",
  "internal",
  "internal-egress",
  "internal-egress",
  "internal-egress",
  "standard",
  "standard",
  "standard",
  undefined,
];

/** The serving ports apps listen on (several are routed by the gateways' profile CCNPs). */
const APP_PORTS = [8000, 2283, 3000, 5678, 8123, 8080, 80, 9000, 3001, 8096];

function appName(index: number): string {
  const base = APP_NAMES[index % APP_NAMES.length]!;
  return `${base}-${String(Math.floor(index / APP_NAMES.length) + 1).padStart(2, "0")}`;
}

function accessLabels(random: Random): AccessName[] {
  return ACCESS_NAMES.filter((access) => random.chance(access === "kube-api" ? 0.08 : 0.35));
}

function appWorkloads(name: string, random: Random, podBudget: number): WorkloadSpec[] {
  const port = random.pick(APP_PORTS);
  const web: WorkloadSpec = {
    name: "web",
    controllerName: `${name}-web`,
    kind: "Deployment",
    replicas: Math.max(1, Math.min(4, podBudget - 2)),
    image: `ghcr.io/homelab/${name}:1.${random.int(0, 40)}.${random.int(0, 9)}`,
    port,
    metricsPort: random.chance(0.6) ? 8080 : undefined,
    labels: { app: `${name}-web` },
  };
  const worker: WorkloadSpec = {
    name: "worker",
    controllerName: `${name}-worker`,
    kind: "Deployment",
    replicas: 1,
    image: `ghcr.io/homelab/${name}-worker:1.${random.int(0, 40)}`,
    port: 9000,
    labels: { app: `${name}-worker` },
  };
  const store: WorkloadSpec = {
    name: "store",
    controllerName: `${name}-store`,
    kind: "StatefulSet",
    replicas: 1,
    image: "docker.io/library/redis:7.4",
    port: 6379,
    labels: { app: `${name}-store` },
  };
  const workloads = [web];
  if (podBudget - web.replicas >= 1) workloads.push(worker);
  if (podBudget - web.replicas - 1 >= 1) workloads.push(store);
  return workloads;
}

function appNamespaces(count: number, podBudget: number, random: Random): NamespaceSpec[] {
  const specs: NamespaceSpec[] = [];
  let podsLeft = podBudget;
  for (let i = 0; i < count; i += 1) {
    const name = appName(i);
    // Spread the budget evenly, with some namespaces busier than others.
    const share = Math.round(podsLeft / (count - i));
    const pods = Math.max(1, share + random.int(-1, 1));
    const workloads = appWorkloads(name, random, pods);
    podsLeft -= workloads.reduce((sum, w) => sum + w.replicas, 0);
    const profile = random.pick(PROFILE_MIX);
    const disabled = random.chance(0.01);
    specs.push({
      name,
      platform: false,
      ageDays: random.int(3, 700),
      ...(profile ? { profile } : {}),
      access: accessLabels(random),
      ...(random.chance(0.3) ? { ambient: true } : {}),
      ...(disabled ? { enforcementDisabledHoursAgo: random.pick([0.05, 3, 30, 200]) } : {}),
      ...(random.chance(0.02) ? { labels: { "access.network-policy.homelab/postgres": "yes" } } : {}),
      purpose: `App ${name}`,
      workloads,
    });
  }
  return specs;
}

function appSelector(spec: NamespaceSpec, workload: string) {
  return { matchLabels: { "app.kubernetes.io/name": workload, app: `${spec.name}-${workload}` } };
}

/** What app teams write, one kind of policy per round; a few carry the runbook's anti-patterns. */
function appPolicy(
  spec: NamespaceSpec,
  round: number,
  all: readonly NamespaceSpec[],
  random: Random,
  now: number,
): CiliumNetworkPolicy | NetworkPolicy {
  const web = spec.workloads[0]!;
  const suffix = round < 3 ? "" : `-${round}`;
  const age = random.int(1, Math.max(1, spec.ageDays));
  switch (round % 3) {
    case 0:
      // The app's own tiers talking to each other.
      return namespacedPolicy(spec.name, `${spec.name}-internal${suffix}`, age, now, {
        description: `${spec.name}: web reaches its worker and store`,
        endpointSelector: appSelector(spec, "web"),
        egress: [
          {
            toEndpoints: [{ matchLabels: { app: `${spec.name}-worker` } }],
            toPorts: tcp(9000),
          },
          { toEndpoints: [{ matchLabels: { app: `${spec.name}-store` } }], toPorts: tcp(6379) },
          ...(random.chance(0.03) ? [{ toCIDR: ["10.0.12.5/32"] }] : []),
        ],
        ingress: [
          { fromEndpoints: [{ matchLabels: { app: `${spec.name}-worker` } }], toPorts: tcp(web.port) },
        ],
      });
    case 1: {
      // A call into another app's namespace; sometimes any port, which the runbook warns about.
      const peer = all[(all.indexOf(spec) + 1 + random.int(0, 40)) % all.length]!;
      const peerWeb = peer.workloads[0]!;
      const anyPort = random.chance(0.03);
      return namespacedPolicy(spec.name, `${spec.name}-to-${peer.name}${suffix}`, age, now, {
        description: `${spec.name} calls ${peer.name}`,
        endpointSelector: {},
        egress: [
          {
            toEndpoints: [podsIn(peer.name, { "app.kubernetes.io/name": "web" })],
            ...(anyPort ? {} : { toPorts: tcp(peerWeb.port) }),
          },
        ],
      });
    }
    default: {
      const kind = random.int(0, 3);
      const meta = (name: string) =>
        objectMeta("NetworkPolicy", `${name}${suffix}`, daysAgo(now, age), {
          namespace: spec.name,
          labels: fluxLabels(spec.name),
        });
      if (kind === 0) {
        // A leftover from before the DNS baseline: UDP only.
        return {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: meta("allow-dns"),
          spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
              {
                to: [
                  { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } },
                ],
                ports: [{ protocol: "UDP", port: 53 }],
              },
            ],
          },
        };
      }
      if (kind === 1) {
        // Two peers where one was meant: they OR.
        return {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: meta("allow-prometheus"),
          spec: {
            podSelector: { matchLabels: { app: `${spec.name}-web` } },
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: [
                  { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
                  { podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } },
                ],
                ports: [{ protocol: "TCP", port: web.metricsPort ?? web.port }],
              },
            ],
          },
        };
      }
      if (kind === 2 && random.chance(0.1)) {
        return {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: meta("default-deny"),
          spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        };
      }
      return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: meta("allow-same-namespace"),
        spec: {
          podSelector: {},
          policyTypes: ["Ingress"],
          ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: web.port }] }],
        },
      };
    }
  }
}

/** Cluster-wide policies a platform team adds over time, beyond the conventions' own. */
function teamClusterPolicy(index: number, now: number) {
  return clusterwidePolicy(`team-egress-${index}`, now, {
    description: `Team ${index}: DNS through the proxy for its namespaces`,
    endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.team": `team-${index}` } },
    egress: [{ toEndpoints: [KUBE_DNS_PEER], toPorts: dnsPorts(true) }],
  });
}

/** Hands out pod addresses from each node's own /16, so thousands of pods stay valid IPv4. */
function podAddressing(): (node: NodeInfo) => string {
  const next = new Map<string, number>();
  return (node) => {
    const n = next.get(node.name) ?? 10;
    next.set(node.name, n + 1);
    return `10.${200 + node.podSubnet}.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  };
}

export function syntheticCluster(options: SyntheticClusterOptions): SyntheticCluster {
  const random = seededRandom(`sieve-bench/${options.namespaces}/${options.policies}/${options.pods}`);
  const platform = PLATFORM_NAMESPACES.slice(0, Math.min(PLATFORM_NAMESPACES.length, options.namespaces));
  const platformPods = platform.reduce(
    (sum, spec) =>
      sum + spec.workloads.reduce((n, w) => n + (w.kind === "DaemonSet" ? NODES.length : w.replicas), 0),
    0,
  );
  const apps = appNamespaces(
    options.namespaces - platform.length,
    Math.max(0, options.pods - platformPods),
    random,
  );
  const namespaces = [...platform, ...apps];
  const { now } = options;
  const addressFor = podAddressing();

  const policies: KubeObject[] = [...clusterPolicies(now), ...platformPolicies(platform, now)];
  let team = 0;
  for (let round = 0; policies.length < options.policies; round += 1) {
    if (apps.length === 0 || round >= 12) {
      policies.push(teamClusterPolicy(team++, now));
      continue;
    }
    for (const spec of apps) {
      if (policies.length >= options.policies) break;
      policies.push(appPolicy(spec, round, apps, random, now));
    }
  }

  const namespaceObjects = namespaces.map((spec) => namespaceObject(spec, now));
  const pods = namespaces.flatMap((spec) => podsOfNamespace(spec, now, addressFor));
  const objects: KubeObject[] = [...namespaceObjects, ...pods, ...policies];
  const byKind: Record<string, number> = {};
  for (const policy of policies) byKind[policy.kind] = (byKind[policy.kind] ?? 0) + 1;
  return {
    objects,
    namespaces,
    counts: { namespaces: namespaceObjects.length, pods: pods.length, policies: policies.length, byKind },
  };
}
