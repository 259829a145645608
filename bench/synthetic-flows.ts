import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { formatTimestamp } from "@/lib/hubble/timestamp";
import type { KubeObject } from "@/lib/kube/types";
import {
  createClusterView,
  type DemoClusterView,
  type DemoPodEndpoint,
} from "@/server/demo/scenario/demo-cluster-view";
import {
  connectionFlows,
  lookupFlows,
  type ConnectionDetails,
  type ExchangeContext,
  type Outcome,
} from "@/server/demo/scenario/exchanges";
import {
  dropEvent,
  endpointJson,
  flagsSummary,
  nodeName,
  policyJson,
  traceEvent,
} from "@/server/demo/scenario/flow-json-parts";
import { KUBE_APISERVER_IP, NODES } from "@/server/demo/scenario/homelab-constants";
import { policyVerdict, type HubblePolicyRef } from "@/server/demo/scenario/policy-verdict";
import { seededRandom, type Random } from "@/server/demo/scenario/stable-random";
import type { TrafficPeer } from "@/server/demo/scenario/traffic-peers";
import { WORLD_HOSTS } from "@/server/demo/scenario/traffic-plan";
import type { NamespaceSpec } from "@/server/demo/scenario/homelab-catalog";

// Hubble flows for the synthetic cluster, built with the demo's own exchange code (the packets
// Cilium traces per connection, L7 records, DNS lookups through the proxy) so the shapes match what
// the demo relay serves. Verdicts are decided once per conversation: app-to-app traffic is what the
// app CNPs open, everything touching the conventions (gateways, shared resources, world, scrape)
// goes through the demo's scripted verdict, so missing labels and profiles drop as they would.

export interface FlowConversation {
  source: TrafficPeer;
  destination: TrafficPeer;
  protocol: "TCP" | "UDP";
  port: number;
  outcome: Outcome;
  details: ConnectionDetails;
  /** A name the client resolves first (through kube-dns) on some occurrences. */
  lookup?: { server: DemoPodEndpoint; name: string; answer: string };
  /** Relative frequency. */
  weight: number;
}

const cnp = (namespace: string, name: string): HubblePolicyRef => ({
  kind: "CiliumNetworkPolicy",
  name,
  namespace,
});
const WORLD_NAMES = Object.keys(WORLD_HOSTS);

function workloadPods(cluster: DemoClusterView, namespace: string, workload: string): DemoPodEndpoint[] {
  return cluster
    .podsMatching(namespace, { "app.kubernetes.io/name": workload })
    .filter((pod) => !pod.hostNetwork);
}

function hostOf(pod: DemoPodEndpoint): TrafficPeer {
  const node = NODES.find((candidate) => candidate.name === pod.node) ?? NODES[0]!;
  return { kind: "host", ip: node.ip, node: node.name };
}

/**
 * The conversations of `active` app namespaces: their tiers, calls into a neighbour app, shared
 * resources, the world, the gateways, Prometheus and kubelet probes.
 */
export function flowConversations(
  objects: readonly KubeObject[],
  namespaces: readonly NamespaceSpec[],
  active: number,
  seed = "sieve-bench/flows",
): FlowConversation[] {
  const cluster = createClusterView(objects);
  const random = seededRandom(seed);
  const apps = namespaces.filter((spec) => !spec.platform).slice(0, active);
  const dns = cluster.podsMatching("kube-system", { "k8s-app": "kube-dns" });
  const prometheus = workloadPods(cluster, "monitoring", "prometheus");
  const postgres = cluster.podsMatching("database", { "cnpg.io/podRole": "instance" });
  const dragonfly = workloadPods(cluster, "cache", "dragonfly");
  const gateways = cluster
    .podsMatching("istio-gateway", {})
    .filter((pod) => pod.labels["gateway.networking.k8s.io/gateway-name"] !== undefined);
  const conversations: FlowConversation[] = [];
  const lookup = (name: string, answer: string) =>
    dns.length > 0 ? { server: random.pick(dns), name, answer } : undefined;

  const add = (
    source: TrafficPeer | undefined,
    destination: TrafficPeer | undefined,
    port: number,
    weight: number,
    extra: { outcome?: Outcome; details?: ConnectionDetails; lookup?: FlowConversation["lookup"] } = {},
  ) => {
    if (!source || !destination) return;
    const outcome = extra.outcome ?? policyVerdict({ source, destination, protocol: "TCP", port }, cluster);
    conversations.push({
      source,
      destination,
      protocol: "TCP",
      port,
      outcome,
      details: extra.details ?? {},
      ...(extra.lookup ? { lookup: extra.lookup } : {}),
      weight,
    });
  };

  apps.forEach((spec, index) => {
    const web = workloadPods(cluster, spec.name, "web");
    const client = web.length > 0 ? random.pick(web) : undefined;
    if (!client) return;
    const webSpec = spec.workloads[0]!;
    const allowed = (by: HubblePolicyRef[]): Outcome => ({
      verdict: "FORWARDED",
      egressAllowedBy: by,
      ingressAllowedBy: by,
    });

    const worker = workloadPods(cluster, spec.name, "worker");
    if (worker.length > 0)
      add(client, random.pick(worker), 9000, 30, {
        outcome: allowed([cnp(spec.name, `${spec.name}-internal`)]),
      });

    const neighbour = apps[(index + 1 + random.int(0, 40)) % apps.length]!;
    const neighbourWeb = workloadPods(cluster, neighbour.name, "web");
    if (neighbour !== spec && neighbourWeb.length > 0) {
      add(client, random.pick(neighbourWeb), neighbour.workloads[0]!.port, 15, {
        outcome: allowed([cnp(spec.name, `${spec.name}-to-${neighbour.name}`)]),
        lookup: lookup(`web.${neighbour.name}.svc.cluster.local`, "10.96.40.2"),
      });
    }

    if (postgres.length > 0)
      add(client, random.pick(postgres), 5432, 8, {
        lookup: lookup("postgres-rw.database.svc.cluster.local", "10.96.12.7"),
      });
    if (dragonfly.length > 0) add(client, random.pick(dragonfly), 6379, 4);

    const host = random.pick(WORLD_NAMES);
    add(client, { kind: "world", ip: WORLD_HOSTS[host]!, names: [host] }, 443, 5, {
      lookup: lookup(host, WORLD_HOSTS[host]!),
    });
    add(client, { kind: "kube-apiserver", ip: KUBE_APISERVER_IP }, 6443, 3, {
      details: { service: { name: "kubernetes", namespace: "default" } },
    });

    if (gateways.length > 0) {
      add(random.pick(gateways), client, webSpec.port, 10, {
        details: { http: { method: "GET", url: `http://${spec.name}.lab.example.net/`, code: 200 } },
      });
    }
    if (prometheus.length > 0) add(random.pick(prometheus), client, webSpec.metricsPort ?? webSpec.port, 10);
    add(hostOf(client), client, webSpec.port, 15, { outcome: allowed([]) });
  });
  return conversations;
}

export interface FlowStreamOptions {
  conversations: readonly FlowConversation[];
  /** Flows to produce. */
  count: number;
  /** Times run evenly from `fromMs` to `toMs` across the stream. */
  fromMs: number;
  toMs: number;
  seed?: string;
  /** Share of connections that hit a datapath fault instead (not a policy drop). */
  faultRate?: number;
}

/** Picks conversations by weight in O(log n). */
function weightedPicker(conversations: readonly FlowConversation[], random: Random) {
  const cumulative: number[] = [];
  let total = 0;
  for (const c of conversations) cumulative.push((total += c.weight));
  return () => {
    const target = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return conversations[lo]!;
  };
}

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** `count` flows, produced lazily: a stream of millions never sits in memory at once. */
export function* flowStream(options: FlowStreamOptions): Generator<HubbleFlowJson> {
  const random = seededRandom(options.seed ?? "sieve-bench/stream");
  const pick = weightedPicker(options.conversations, random);
  const step = (options.toMs - options.fromMs) / Math.max(1, options.count);
  const faultRate = options.faultRate ?? 0.002;
  let produced = 0;
  while (produced < options.count) {
    const conversation = pick();
    const context: ExchangeContext = { random, at: options.fromMs + produced * step, out: [] };
    const source = conversation.source;
    if (conversation.lookup && source.kind === "pod" && random.chance(0.3)) {
      const { server, name, answer } = conversation.lookup;
      lookupFlows(context, source, server, name, [answer], {
        verdict: "FORWARDED",
        egressAllowedBy: [{ kind: "CiliumClusterwideNetworkPolicy", name: "baseline-dns-egress" }],
        ingressAllowedBy: [],
      });
    }
    const outcome: Outcome = random.chance(faultRate)
      ? { verdict: "FAULT", reason: "CT_MAP_INSERTION_FAILED" }
      : conversation.outcome;
    connectionFlows(context, conversation, outcome, conversation.details);
    for (const draft of context.out) {
      if (produced >= options.count) return;
      produced += 1;
      yield {
        time: formatTimestamp({
          seconds: Math.floor(draft.ms / 1000),
          nanos: (draft.ms % 1000) * 1e6 + draft.nanos,
        }),
        uuid: uuidOf(produced),
        ...draft.flow,
      };
    }
  }
}

/**
 * One connection as the destination's node sees it: the SYN delivered (or dropped by ingress
 * policy). Each (source namespace, destination namespace, port) makes one graph edge.
 */
export function ingressFlow(
  source: DemoPodEndpoint,
  destination: DemoPodEndpoint,
  port: number,
  dropped: boolean,
  at: number,
  uuid: number,
): HubbleFlowJson {
  const observedOn = destination.node;
  const flags = { SYN: true };
  return {
    time: formatTimestamp({ seconds: Math.floor(at / 1000), nanos: (at % 1000) * 1e6 }),
    uuid: uuidOf(uuid),
    verdict: dropped ? "DROPPED" : "FORWARDED",
    IP: { source: source.ip, destination: destination.ip, ipVersion: "IPv4" },
    l4: { TCP: { source_port: 40000 + (uuid % 20000), destination_port: port, flags } },
    source: endpointJson(source, observedOn),
    destination: endpointJson(destination, observedOn),
    Type: "L3_L4",
    node_name: nodeName(observedOn),
    is_reply: false,
    Summary: flagsSummary(flags),
    traffic_direction: "INGRESS",
    ...(dropped
      ? { drop_reason_desc: "POLICY_DENIED", event_type: dropEvent("POLICY_DENIED") }
      : {
          event_type: traceEvent("TO_ENDPOINT"),
          trace_observation_point: "TO_ENDPOINT",
          ingress_allowed_by: [policyJson(cnp(destination.namespace, "allow-same-namespace"))],
        }),
  };
}

export { createClusterView };
