// The virtual audit of an open escape hatch: every observed flow into or out of a namespace whose
// enforcement is disabled, evaluated as if it were enabled — the same evaluator against the same
// cluster with that namespace's enforcement label removed (the escape-hatch policy selects the
// namespace by that label, so without it the namespace is judged by the policies that remain).
//
// Only forwarded flows are asked: a flow dropped today stays dropped, it is not a would-be drop. A
// reply belongs to the connection its request opened; it is counted as traffic but not asked
// again (a connection that would be denied has no replies). A flow whose role neither the relay
// nor lib/flows/reply-inference could tell is not asked either.
//
// A connection the policies deny with the escape hatch open too, yet observed forwarded, is not a
// would-be drop: Sieve's reading of the policies does not explain today's traffic, so what
// re-enabling would do to it is unknown. It is listed apart (deniedToday), never counted in drops.

import type { Flow } from "@/lib/flows/flow";
import { flowRole } from "@/lib/flows/reply-inference";
import { refLabel } from "@/lib/policy/model";
import { describeEndpoint, describeTraffic } from "./connection-query";
import type { DirectionReason } from "./direction-verdict";
import { connectionAllowed, evaluateConnection } from "./evaluate-flow";
import { withNamespaceLabels, type EvaluationContext } from "./evaluation-context";
import { connectionKey, queryFromFlow } from "./flow-query";

/** One kind of would-be drop: flows policies cannot tell apart, denied for the same reason. */
export interface WouldBeDropCause {
  /** The connection key (same identities, port and protocol). */
  key: string;
  /** "outline/outline-web-1 → world (TCP 443)". */
  connection: string;
  droppedAt: "egress" | "ingress";
  reason: DirectionReason;
  /** The evaluator's sentence, as if enforcement were enabled. */
  sentence: string;
  /** Deny rules that would drop it, as "CCNP name spec.egressDeny[0]". */
  deniedBy: string[];
  /** The policies that would put the denying side in default deny (none of them allows it). */
  defaultDenyBy: string[];
  /** Observed flows of this kind (requests, replies excluded). */
  flows: number;
  /** The newest flow of this kind. */
  newest: Flow;
}

export interface WouldBeDrops {
  namespace: string;
  /** Observed flows into or out of the namespace that were asked (forwarded, requests only). */
  evaluated: number;
  /** Flows that would be dropped, over all causes (deniedToday excluded). */
  drops: number;
  /** Most flows first. */
  causes: WouldBeDropCause[];
  /** The forwarded flows that would be dropped, for a fix proposal (deniedToday excluded). */
  flows: Flow[];
  /**
   * Kinds of flows the policies deny with the escape hatch open too (e.g. at the other side's
   * ingress, which the namespace's enforcement label does not touch), yet observed forwarded: what
   * re-enabling would do to them is unknown. Most flows first; not in drops, causes or flows.
   */
  deniedToday: WouldBeDropCause[];
}

/** The cluster as it would be with the namespace's escape hatch closed (its enforcement label removed). */
export function withEnforcementEnabled(context: EvaluationContext, namespace: string): EvaluationContext {
  const key = context.conventions.enforcementLabel;
  if (key === "") return context;
  return withNamespaceLabels(context, { namespace, set: {}, remove: [key] });
}

function touches(flow: Flow, namespace: string): boolean {
  return flow.source.namespace === namespace || flow.destination.namespace === namespace;
}

function causeOf(flow: Flow, key: string, enabled: EvaluationContext): Omit<WouldBeDropCause, "flows"> {
  const query = queryFromFlow(flow);
  const verdict = evaluateConnection(query, enabled);
  const side = verdict.droppedAt === "ingress" ? verdict.ingress : verdict.egress;
  return {
    key,
    connection: `${describeEndpoint(query.source)} → ${describeEndpoint(query.destination)} (${describeTraffic(query)})`,
    droppedAt: verdict.droppedAt ?? "egress",
    reason: side.reason,
    sentence: verdict.sentence,
    deniedBy: side.deniedBy.map((r) => `${refLabel(r.ref)} ${r.rule}`),
    defaultDenyBy: side.deniedBy.length > 0 ? [] : [...new Set(side.selectedBy.map(refLabel))],
    newest: flow,
  };
}

/** The observed flows of one connection kind, and the newest of them (its example). */
type Group = { flows: Flow[]; newest: Flow };

function add(groups: Map<string, Group>, key: string, flow: Flow): void {
  const group = groups.get(key);
  if (!group) groups.set(key, { flows: [flow], newest: flow });
  else {
    group.flows.push(flow);
    if (flow.time > group.newest.time) group.newest = flow;
  }
}

function causesOf(groups: Map<string, Group>, enabled: EvaluationContext): WouldBeDropCause[] {
  return [...groups.entries()]
    .map(([key, group]) => ({ ...causeOf(group.newest, key, enabled), flows: group.flows.length }))
    .sort((a, b) => b.flows - a.flows || a.connection.localeCompare(b.connection));
}

/**
 * The flows into or out of `namespace` that the policies would drop once its enforcement label is
 * removed. `context` is the cluster as it is (escape hatch open).
 */
export function wouldBeDrops(
  namespace: string,
  flows: Iterable<Flow>,
  context: EvaluationContext,
): WouldBeDrops {
  const enabled = withEnforcementEnabled(context, namespace);
  const outcomeByKey = new Map<string, "passes" | "drops" | "denied-today">();
  const drops = new Map<string, Group>();
  const deniedToday = new Map<string, Group>();
  let evaluated = 0;
  for (const flow of flows) {
    // Only known requests: a flow whose role is unknown may be a reply, and asking a reply as a
    // request would judge the connection backwards.
    if (flow.verdict !== "FORWARDED" || flowRole(flow) !== "request" || !touches(flow, namespace)) continue;
    evaluated++;
    const query = queryFromFlow(flow);
    const key = connectionKey(query);
    let outcome = outcomeByKey.get(key);
    if (outcome === undefined) {
      if (connectionAllowed(query, enabled)) outcome = "passes";
      else outcome = connectionAllowed(query, context) ? "drops" : "denied-today";
      outcomeByKey.set(key, outcome);
    }
    if (outcome === "drops") add(drops, key, flow);
    else if (outcome === "denied-today") add(deniedToday, key, flow);
  }
  const dropped = [...drops.values()].flatMap((g) => g.flows);
  return {
    namespace,
    evaluated,
    drops: dropped.length,
    causes: causesOf(drops, enabled),
    flows: dropped,
    deniedToday: causesOf(deniedToday, enabled),
  };
}
