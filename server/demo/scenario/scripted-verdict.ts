import "server-only";
import type { CiliumNetworkPolicy } from "@/lib/kube/types";
import { rulesOf, selectorMatches, type ClusterView, type PodEndpoint } from "./cluster-view";
import {
  ACCESS_NAMES,
  ACCESS_PREFIX,
  ACCESS_TARGETS,
  BASELINE_SCRAPE_PORTS,
  ENFORCEMENT_LABEL,
  GATEWAY_LABEL,
  HBONE_PORT,
  PROFILE_GRANTS,
  PROFILE_LABEL,
  type AccessName,
  type GatewayName,
  type ProfileName,
} from "./homelab-constants";
import { isPod, type TrafficPeer } from "./traffic-peers";

// The demo's verdicts, decided by the homelab's conventions rather than by evaluating policies in
// general. A real policy evaluator replaces `scriptedVerdict`; everything else stays.

export interface ConnectionAttempt {
  source: TrafficPeer;
  destination: TrafficPeer;
  protocol: "TCP" | "UDP";
  port: number;
}

export interface PolicyRef {
  kind: "CiliumClusterwideNetworkPolicy" | "CiliumNetworkPolicy" | "NetworkPolicy";
  name: string;
  namespace?: string;
}

export type VerdictDecision =
  | { verdict: "FORWARDED"; egressAllowedBy: PolicyRef[]; ingressAllowedBy: PolicyRef[] }
  | {
      verdict: "DROPPED";
      /** The side whose policy dropped it: the source's egress or the destination's ingress. */
      direction: "EGRESS" | "INGRESS";
      /** POLICY_DENIED when nothing allowed it; POLICY_DENY when a deny rule matched. */
      dropReason: "POLICY_DENIED" | "POLICY_DENY";
      /** The deny rules that matched (empty for the implicit default deny). */
      deniedBy: PolicyRef[];
    };

type SideResult =
  | { allowed: true; by: PolicyRef[] }
  | { allowed: false; reason: "POLICY_DENIED" | "POLICY_DENY"; by: PolicyRef[] };

const ccnp = (name: string): PolicyRef => ({ kind: "CiliumClusterwideNetworkPolicy", name });
const cnp = (namespace: string, name: string): PolicyRef => ({
  kind: "CiliumNetworkPolicy",
  name,
  namespace,
});
const allow = (...by: PolicyRef[]): SideResult => ({ allowed: true, by });
const deny = (): SideResult => ({ allowed: false, reason: "POLICY_DENIED", by: [] });

function profileOf(cluster: ClusterView, namespace: string): ProfileName | undefined {
  const value = cluster.namespaceLabels(namespace)?.[PROFILE_LABEL];
  return value && value in PROFILE_GRANTS ? (value as ProfileName) : undefined;
}

function enforcementDisabled(cluster: ClusterView, namespace: string): boolean {
  return cluster.namespaceLabels(namespace)?.[ENFORCEMENT_LABEL] === "disabled";
}

function hasAccess(cluster: ClusterView, namespace: string, access: AccessName): boolean {
  return cluster.namespaceLabels(namespace)?.[`${ACCESS_PREFIX}${access}`] === "true";
}

/** The access label that governs reaching `peer` on `port`, if it is a shared resource. */
function accessFor(peer: TrafficPeer, port: number): AccessName | undefined {
  return ACCESS_NAMES.find((access) => {
    const target = ACCESS_TARGETS[access];
    if (!target.ports.includes(port)) return false;
    if (target.entity) return peer.kind === target.entity;
    return (
      isPod(peer) &&
      peer.namespace === target.namespace &&
      selectorMatches({ matchLabels: target.podLabels }, peer.labels)
    );
  });
}

function accessPolicy(access: AccessName): PolicyRef {
  return access === "kube-api" ? ccnp("baseline-kube-api-access") : ccnp(`access-${access}`);
}

const isKubeDns = (peer: TrafficPeer) =>
  isPod(peer) && peer.namespace === "kube-system" && peer.labels["k8s-app"] === "kube-dns";
const isPrometheus = (peer: TrafficPeer) =>
  isPod(peer) && peer.namespace === "monitoring" && peer.labels["app.kubernetes.io/name"] === "prometheus";
const isZtunnel = (peer: TrafficPeer) =>
  isPod(peer) && peer.namespace === "istio-system" && peer.labels.app === "ztunnel";

function gatewayOf(peer: TrafficPeer): GatewayName | undefined {
  if (!isPod(peer) || peer.namespace !== "istio-gateway") return undefined;
  const name = peer.labels[GATEWAY_LABEL];
  return name === "internal" || name === "external" ? name : undefined;
}

/** The namespace's CNPs that open `port` for ingress from a peer matching `fromLabels`. */
function cnpsOpening(
  cluster: ClusterView,
  namespace: string,
  port: number,
  from: PodEndpoint,
): CiliumNetworkPolicy[] {
  return cluster.ciliumPolicies(namespace).filter((policy) =>
    rulesOf(policy).some((rule) =>
      (rule.ingress ?? []).some(
        (ingress) =>
          (ingress.fromEndpoints ?? []).some((selector) => {
            // Within a CNP, a selector without a namespace means the policy's own namespace.
            const scoped = selector.matchLabels?.["io.kubernetes.pod.namespace"] ?? namespace;
            return scoped === from.namespace && selectorMatches(selector, from.selectorLabels);
          }) &&
          (ingress.toPorts ?? []).some((rule) => (rule.ports ?? []).some((p) => p.port === String(port))),
      ),
    ),
  );
}

/** CNPs in the source's namespace whose egressDeny rules match the destination pod. */
function egressDenials(cluster: ClusterView, source: PodEndpoint, destination: TrafficPeer): PolicyRef[] {
  if (!isPod(destination)) return [];
  return cluster
    .ciliumPolicies(source.namespace)
    .filter((policy) =>
      rulesOf(policy).some(
        (rule) =>
          selectorMatches(rule.endpointSelector ?? {}, source.labels) &&
          (rule.egressDeny ?? []).some((denied) =>
            (denied.toEndpoints ?? []).some((selector) =>
              selectorMatches(selector, destination.selectorLabels),
            ),
          ),
      ),
    )
    .map((policy) => cnp(source.namespace, policy.metadata.name));
}

function egressVerdict(cluster: ClusterView, source: PodEndpoint, attempt: ConnectionAttempt): SideResult {
  const { destination, port } = attempt;
  const namespace = source.namespace;
  if (enforcementDisabled(cluster, namespace)) return allow(ccnp("enforcement-disabled"));
  const denials = egressDenials(cluster, source, destination);
  if (denials.length > 0) return { allowed: false, reason: "POLICY_DENY", by: denials };
  if (isKubeDns(destination) && port === 53) return allow(ccnp("baseline-dns-egress"));
  if (cluster.isPlatform(namespace)) return allow(cnp(namespace, `${namespace}-default`));
  const access = accessFor(destination, port);
  if (access) return hasAccess(cluster, namespace, access) ? allow(accessPolicy(access)) : deny();
  if (destination.kind === "world" && port === 443) {
    const profile = profileOf(cluster, namespace);
    return profile && PROFILE_GRANTS[profile].httpsEgress ? allow(ccnp(`profile-${profile}`)) : deny();
  }
  return deny();
}

function ingressVerdict(
  cluster: ClusterView,
  destination: PodEndpoint,
  attempt: ConnectionAttempt,
): SideResult {
  const { source, port } = attempt;
  const namespace = destination.namespace;
  const platformPolicy = cnp(namespace, `${namespace}-default`);
  if (enforcementDisabled(cluster, namespace)) return allow(ccnp("enforcement-disabled"));
  // Cilium always lets a node reach its own pods (kubelet probes).
  if (source.kind === "host") return allow();
  if (source.kind === "link-local") return allow(ccnp("baseline-health-probes"));
  if (isZtunnel(source) && isPod(source) && port === HBONE_PORT) {
    const opening = cnpsOpening(cluster, namespace, port, source);
    return opening.length > 0 ? allow(...opening.map((p) => cnp(namespace, p.metadata.name))) : deny();
  }
  if (isPrometheus(source) && isPod(source)) {
    if (BASELINE_SCRAPE_PORTS.includes(port)) return allow(ccnp("baseline-prometheus-scrape"));
    const opening = cnpsOpening(cluster, namespace, port, source);
    return opening.length > 0 ? allow(...opening.map((p) => cnp(namespace, p.metadata.name))) : deny();
  }
  if (isKubeDns(destination) && port === 53) return allow(platformPolicy);
  const access = accessFor(destination, port);
  if (access) {
    if (isPod(source) && hasAccess(cluster, source.namespace, access)) return allow(accessPolicy(access));
    return isPod(source) && cluster.isPlatform(source.namespace) ? allow(platformPolicy) : deny();
  }
  if (cluster.isPlatform(namespace)) {
    // Platform CNPs are hand-written for the traffic their services receive; app pods are not part of it.
    return isPod(source) && !cluster.isPlatform(source.namespace) ? deny() : allow(platformPolicy);
  }
  const gateway = gatewayOf(source);
  if (gateway) {
    const profile = profileOf(cluster, namespace);
    return profile && PROFILE_GRANTS[profile].gateways.includes(gateway)
      ? allow(ccnp(`profile-${profile}`))
      : deny();
  }
  return deny();
}

/** Whether the homelab's policies let `attempt` through, and which side dropped it if not. */
export function scriptedVerdict(attempt: ConnectionAttempt, cluster: ClusterView): VerdictDecision {
  let egressAllowedBy: PolicyRef[] = [];
  if (isPod(attempt.source)) {
    const egress = egressVerdict(cluster, attempt.source, attempt);
    if (!egress.allowed)
      return { verdict: "DROPPED", direction: "EGRESS", dropReason: egress.reason, deniedBy: egress.by };
    egressAllowedBy = egress.by;
  }
  let ingressAllowedBy: PolicyRef[] = [];
  if (isPod(attempt.destination)) {
    const ingress = ingressVerdict(cluster, attempt.destination, attempt);
    if (!ingress.allowed)
      return { verdict: "DROPPED", direction: "INGRESS", dropReason: ingress.reason, deniedBy: ingress.by };
    ingressAllowedBy = ingress.by;
  }
  return { verdict: "FORWARDED", egressAllowedBy, ingressAllowedBy };
}
