import "server-only";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { formatTimestamp } from "@/lib/hubble/timestamp";
import type { KubeObject } from "@/lib/kube/types";
import type { DemoClusterView, DemoPodEndpoint } from "./demo-cluster-view";
import { cachedClusterView } from "./cluster-view-cache";
import {
  connectionFlows,
  lookupFlows,
  type ConnectionDetails,
  type ExchangeContext,
  type FlowDraft,
} from "./exchanges";
import { AMBIENT_LABEL, AMBIENT_PROBE_IP, KUBE_APISERVER_IP, NODES, ROUTE_DOMAIN } from "./homelab-constants";
import { policyVerdict } from "./policy-verdict";
import { hash32, seededRandom, stableUuid, type Random } from "./stable-random";
import {
  homelabTrafficPlan,
  KUBE_DNS_PODS,
  WORLD_HOSTS,
  type Conversation,
  type PlanPeer,
  type PodsPeer,
} from "./traffic-plan";
import { isPod, type TrafficPeer } from "./traffic-peers";

// Turns the traffic plan into Hubble flows. Each conversation happens at fixed times (its period,
// offset by a hash of its id), and everything about one occurrence comes from a PRNG seeded by the
// conversation and that time: the same window always yields the same flows, however it is sliced.

export interface TrafficGeneratorOptions {
  now(): number;
  plan?: Conversation[];
}

export interface TrafficGenerator {
  /** Flows that happened in [fromMs, toMs), e.g. the history to publish at start. */
  backfill(fromMs: number, toMs: number): HubbleFlowJson[];
  /** Flows since the previous tick (or backfill), up to `nowMs`. */
  tick(nowMs?: number): HubbleFlowJson[];
}

/** An exchange (retransmits included) lasts at most this long after it starts. */
const MAX_EXCHANGE_MS = 3000;
/** After a long pause, only this much is caught up rather than a flood. */
const MAX_CATCH_UP_MS = 60_000;
/** How often a client resolves a name before connecting; resolvers cache the rest. */
const LOOKUP_CHANCE = 0.4;

function clusterIpOf(service: string): string {
  if (service === "kubernetes.default") return "10.96.0.1";
  const hash = hash32(service);
  return `10.96.${(hash >>> 8) % 250}.${(hash % 250) + 2}`;
}

/** "postgres-rw.database.svc.cluster.local" → the Service postgres-rw in database. */
function serviceOfName(name: string): { name: string; namespace: string } | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local\.?$/.exec(name);
  return match ? { name: match[1]!, namespace: match[2]! } : undefined;
}

function resolvePods(cluster: DemoClusterView, peer: PodsPeer, random: Random, exclude?: TrafficPeer) {
  const candidates = cluster
    .podsMatching(peer.namespace, peer.labels)
    .filter((pod) => !pod.hostNetwork && pod !== exclude);
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

function resolve(
  cluster: DemoClusterView,
  peer: PlanPeer,
  random: Random,
  exclude?: TrafficPeer,
): TrafficPeer | undefined {
  switch (peer.kind) {
    case "pods":
      return resolvePods(cluster, peer, random, exclude);
    case "world":
      return { kind: "world", ip: WORLD_HOSTS[peer.host] ?? "203.0.113.254", names: [peer.host] };
    case "address":
      return { kind: "world", ip: peer.ip, names: [] };
    case "clients":
      return peer.lan
        ? { kind: "world", ip: `192.168.10.${random.int(100, 199)}`, names: [] }
        : { kind: "world", ip: `198.51.100.${random.int(1, 254)}`, names: [] };
    case "kube-apiserver":
      return { kind: "kube-apiserver", ip: KUBE_APISERVER_IP };
    case "node": {
      const node = random.pick(NODES);
      const local = exclude && isPod(exclude) && exclude.node === node.name;
      return { kind: local ? "host" : "remote-node", ip: node.ip, node: node.name };
    }
    case "kubelet":
      return undefined;
  }
}

/** Kubelet probes come from the pod's node, or through ztunnel's link-local SNAT in ambient namespaces. */
function kubeletFor(cluster: DemoClusterView, pod: DemoPodEndpoint): TrafficPeer {
  if (cluster.namespaceLabels(pod.namespace)?.[AMBIENT_LABEL] === "ambient") {
    return { kind: "link-local", ip: AMBIENT_PROBE_IP };
  }
  const node = NODES.find((candidate) => candidate.name === pod.node) ?? NODES[0]!;
  return { kind: "host", ip: node.ip, node: node.name };
}

function answersFor(name: string, destination: TrafficPeer): string[] {
  const service = serviceOfName(name);
  if (service) return [clusterIpOf(`${service.name}.${service.namespace}`)];
  if (name.startsWith("kubernetes.default")) return [clusterIpOf("kubernetes.default")];
  return [WORLD_HOSTS[name] ?? destination.ip];
}

function occurrence(cluster: DemoClusterView, conversation: Conversation, at: number): FlowDraft[] {
  const random = seededRandom(`${conversation.id}@${at}`);
  const context: ExchangeContext = { random, at, out: [] };
  let source: TrafficPeer | undefined;
  let destination: TrafficPeer | undefined;
  if (conversation.from.kind === "kubelet") {
    destination = resolve(cluster, conversation.to, random);
    source = destination && isPod(destination) ? kubeletFor(cluster, destination) : undefined;
  } else {
    source = resolve(cluster, conversation.from, random);
    destination = source && resolve(cluster, conversation.to, random, source);
  }
  if (!source || !destination) return [];

  const lookupName = conversation.dnsQuery ?? conversation.lookup;
  const looksUp = conversation.dnsQuery !== undefined || random.chance(LOOKUP_CHANCE);
  if (lookupName && looksUp && isPod(source)) {
    const server =
      conversation.dnsQuery && isPod(destination) ? destination : resolvePods(cluster, KUBE_DNS_PODS, random);
    if (server) {
      const outcome = policyVerdict({ source, destination: server, protocol: "UDP", port: 53 }, cluster);
      const answered = lookupFlows(
        context,
        source,
        server,
        lookupName,
        answersFor(lookupName, destination),
        outcome,
      );
      if (!answered || conversation.dnsQuery) return context.out;
      context.at += random.int(1, 5);
    }
  }

  const connection = { source, destination, protocol: conversation.protocol, port: conversation.port };
  const outcome = conversation.fault
    ? { verdict: "FAULT" as const, reason: conversation.fault }
    : policyVerdict(connection, cluster);
  const details: ConnectionDetails = {};
  const service = conversation.lookup ? serviceOfName(conversation.lookup) : undefined;
  if (service) details.service = service;
  else if (destination.kind === "kube-apiserver")
    details.service = { name: "kubernetes", namespace: "default" };
  if (conversation.route) {
    const request = random.pick(conversation.route.requests);
    details.http = { ...request, url: `http://${conversation.route.host}.${ROUTE_DOMAIN}${request.path}` };
  }
  connectionFlows(context, connection, outcome, details);
  return context.out;
}

interface TimedFlow extends FlowDraft {
  uuid: string;
}

function flowsBetween(
  cluster: DemoClusterView,
  plan: readonly Conversation[],
  fromMs: number,
  toMs: number,
): HubbleFlowJson[] {
  const timed: TimedFlow[] = [];
  for (const conversation of plan) {
    const period = conversation.everyMs;
    const phase = hash32(conversation.id) % period;
    const first = Math.ceil((fromMs - MAX_EXCHANGE_MS - phase) / period) * period + phase;
    for (let at = first; at < toMs; at += period) {
      occurrence(cluster, conversation, at).forEach((draft, index) => {
        if (draft.ms >= fromMs && draft.ms < toMs) {
          timed.push({ ...draft, uuid: stableUuid(`${conversation.id}@${at}#${index}`) });
        }
      });
    }
  }
  timed.sort((a, b) => a.ms - b.ms || a.nanos - b.nanos || (a.uuid < b.uuid ? -1 : 1));
  return timed.map(({ ms, nanos, uuid, flow }) => ({
    time: formatTimestamp({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 + nanos }),
    uuid,
    ...flow,
  }));
}

/**
 * Live traffic for the demo cluster. `objects` may be a function, read at every call, so that
 * changes made through the demo API server (a label added with kubectl) change the verdicts; the
 * policies are prepared for evaluation again only when the objects changed.
 */
export function createTrafficGenerator(
  objects: readonly KubeObject[] | (() => readonly KubeObject[]),
  options: TrafficGeneratorOptions,
): TrafficGenerator {
  const plan = options.plan ?? homelabTrafficPlan();
  const cluster = cachedClusterView(typeof objects === "function" ? objects : () => objects);
  let last: number | undefined;

  return {
    backfill(fromMs, toMs) {
      last = Math.max(last ?? toMs, toMs);
      return toMs > fromMs ? flowsBetween(cluster(), plan, fromMs, toMs) : [];
    },
    tick(nowMs = options.now()) {
      const from = Math.max(last ?? nowMs - 1000, nowMs - MAX_CATCH_UP_MS);
      if (nowMs <= from) return [];
      last = nowMs;
      return flowsBetween(cluster(), plan, from, nowMs);
    },
  };
}
