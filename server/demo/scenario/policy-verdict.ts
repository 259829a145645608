import "server-only";
import type { ConnectionQuery, SourceEndpoint } from "@/lib/evaluator/connection-query";
import type { DirectionVerdict, RuleRef } from "@/lib/evaluator/direction-verdict";
import { evaluateSides } from "@/lib/evaluator/evaluate-flow";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { connectionKey } from "@/lib/evaluator/flow-query";
import type { PolicyKind } from "@/lib/policy/model";
import type { DemoClusterView } from "./demo-cluster-view";
import type { TrafficPeer } from "./traffic-peers";

// The demo's policy verdicts come from Sieve's own evaluator, judged against the cluster's current
// policies and namespace labels: a label added with kubectl changes the traffic that follows, and
// what the demo drops is exactly what Sieve would explain as dropped.

export interface ConnectionAttempt {
  source: TrafficPeer;
  destination: TrafficPeer;
  protocol: "TCP" | "UDP";
  port: number;
}

/** A policy as Hubble names it in *_allowed_by and *_denied_by. */
export interface HubblePolicyRef {
  kind: "CiliumClusterwideNetworkPolicy" | "CiliumNetworkPolicy" | "NetworkPolicy";
  name: string;
  namespace?: string;
}

export type VerdictDecision =
  | { verdict: "FORWARDED"; egressAllowedBy: HubblePolicyRef[]; ingressAllowedBy: HubblePolicyRef[] }
  | {
      verdict: "DROPPED";
      /** The side whose policy dropped it: the source's egress or the destination's ingress. */
      direction: "EGRESS" | "INGRESS";
      /** POLICY_DENIED when nothing allowed it; POLICY_DENY when a deny rule matched. */
      dropReason: "POLICY_DENIED" | "POLICY_DENY";
      /** The deny rules' policies (empty for the implicit default deny, as Cilium reports it). */
      deniedBy: HubblePolicyRef[];
    };

const HUBBLE_KIND: Record<PolicyKind, HubblePolicyRef["kind"]> = {
  CCNP: "CiliumClusterwideNetworkPolicy",
  CNP: "CiliumNetworkPolicy",
  NetworkPolicy: "NetworkPolicy",
};

/** The peer as the evaluator sees it: a pod's identity, a reserved entity, or an address outside. */
export function evaluatorEndpoint(peer: TrafficPeer): SourceEndpoint {
  switch (peer.kind) {
    case "pod":
      return {
        kind: "pod",
        namespace: peer.namespace,
        labels: peer.labels,
        serviceAccount: peer.serviceAccount,
        name: peer.name,
      };
    case "world":
      return { kind: "cidr", cidr: peer.ip, dnsNames: peer.names };
    // Ztunnel's SNAT address is outside every pod CIDR: Cilium gives it a CIDR identity.
    case "link-local":
      return { kind: "cidr", cidr: peer.ip };
    case "kube-apiserver":
    case "host":
    case "remote-node":
      return { kind: "entity", entity: peer.kind };
  }
}

/** Each policy once, in the order its first rule matched. */
function policiesOf(rules: readonly RuleRef[]): HubblePolicyRef[] {
  const seen = new Set<string>();
  const refs: HubblePolicyRef[] = [];
  for (const { ref } of rules) {
    const key = `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({
      kind: HUBBLE_KIND[ref.kind],
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    });
  }
  return refs;
}

function dropped(side: DirectionVerdict): VerdictDecision {
  const denied = side.reason === "denied-by-deny-rule";
  return {
    verdict: "DROPPED",
    direction: side.direction === "egress" ? "EGRESS" : "INGRESS",
    dropReason: denied ? "POLICY_DENY" : "POLICY_DENIED",
    deniedBy: denied ? policiesOf(side.deniedBy) : [],
  };
}

function decide(query: ConnectionQuery, context: EvaluationContext): VerdictDecision {
  const { egress, ingress } = evaluateSides(query, context);
  // Cilium checks the source's egress first; a packet it drops never reaches the destination.
  if (!egress.allowed) return dropped(egress);
  if (!ingress.allowed) return dropped(ingress);
  return {
    verdict: "FORWARDED",
    egressAllowedBy: policiesOf(egress.allowedBy),
    ingressAllowedBy: policiesOf(ingress.allowedBy),
  };
}

/** Connections policies cannot tell apart share one decision, per evaluation context. */
const decisions = new WeakMap<EvaluationContext, Map<string, VerdictDecision>>();

/** Whether the cluster's policies let `attempt` through, and which side drops it if not. */
export function policyVerdict(
  attempt: ConnectionAttempt,
  cluster: Pick<DemoClusterView, "policies">,
): VerdictDecision {
  const context = cluster.policies;
  const query: ConnectionQuery = {
    source: evaluatorEndpoint(attempt.source),
    destination: evaluatorEndpoint(attempt.destination),
    port: attempt.port,
    protocol: attempt.protocol,
  };
  let memo = decisions.get(context);
  if (!memo) {
    memo = new Map();
    decisions.set(context, memo);
  }
  const key = connectionKey(query);
  let decision = memo.get(key);
  if (!decision) {
    decision = decide(query, context);
    memo.set(key, decision);
  }
  return decision;
}
