// The policy evaluator: may the source open this connection, and which rules decide it? Both sides
// are asked, as Cilium does: the source's egress, then the destination's ingress.
//
// Decisions worth knowing:
// - The escape hatch is evaluated as the cluster implements it: a CCNP selecting namespaces labelled
//   enforcement=disabled that allows everything shows as reason "escape-hatch". The label alone
//   decides nothing (without such a policy the namespace is judged by the policies that do select
//   it); sentences always mention the label, so a namespace that carries it but still drops
//   traffic says why.
// - Only pod endpoints have policies here. Cilium host policies (CCNPs with a nodeSelector) are out
//   of scope, so world, host and the other reserved identities never drop anything on their side.
// - L7 rules (HTTP, DNS, Kafka) filter requests on an allowed connection; the evaluator decides the
//   connection. toServices, toNodes, CIDR groups and cloud groups match nothing (Sieve does not
//   model their targets), which can only make a verdict stricter than the datapath's.
// - A reserved identity is one entity: a kube-apiserver on a node is "kube-apiserver", not also
//   "remote-node" (Hubble names the most specific one).

import type { ConnectionQuery } from "./connection-query";
import { evaluateDirection, type DirectionVerdict } from "./direction-verdict";
import type { EvaluationContext } from "./evaluation-context";
import { namespaceLabelHints, type LabelHint } from "./label-hints";
import { remotesOf } from "./rule-traffic";
import { verdictSentence } from "./verdict-sentence";

export interface ConnectionVerdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** The first side that drops it (Cilium checks egress first); null when allowed. */
  droppedAt: "egress" | "ingress" | null;
  /** For each side nothing allows: policies that would, with different namespace labels. */
  hints: { egress: LabelHint[]; ingress: LabelHint[] };
  sentence: string;
}

function directions(query: ConnectionQuery, context: EvaluationContext) {
  const egress = evaluateDirection(
    query.source,
    query.destination,
    "egress",
    query,
    context,
    remotesOf(query.destination, context),
  );
  const ingress = evaluateDirection(
    query.destination,
    query.source,
    "ingress",
    query,
    context,
    remotesOf(query.source, context),
  );
  return { egress, ingress };
}

export function evaluateConnection(query: ConnectionQuery, context: EvaluationContext): ConnectionVerdict {
  const { egress, ingress } = directions(query, context);
  const hintsFor = (verdict: DirectionVerdict): LabelHint[] => {
    if (verdict.reason !== "no-rule-allows") return [];
    const [subject, peer] =
      verdict.direction === "egress" ? [query.source, query.destination] : [query.destination, query.source];
    return subject.kind === "pod"
      ? namespaceLabelHints(subject, peer, verdict.direction, query, context)
      : [];
  };
  const hints = { egress: hintsFor(egress), ingress: hintsFor(ingress) };
  const allowed = egress.allowed && ingress.allowed;
  return {
    allowed,
    egress,
    ingress,
    droppedAt: !egress.allowed ? "egress" : !ingress.allowed ? "ingress" : null,
    hints,
    sentence: verdictSentence(query, egress, ingress, hints, context),
  };
}

/** Just the answer, without hints or sentence: what fix proofs evaluate thousands of times. */
export function connectionAllowed(query: ConnectionQuery, context: EvaluationContext): boolean {
  const egress = evaluateDirection(query.source, query.destination, "egress", query, context);
  return (
    egress.allowed && evaluateDirection(query.destination, query.source, "ingress", query, context).allowed
  );
}

/** Both sides' verdicts, without hints or sentence. */
export function evaluateSides(
  query: ConnectionQuery,
  context: EvaluationContext,
): { egress: DirectionVerdict; ingress: DirectionVerdict } {
  return directions(query, context);
}
