// The policy evaluator: may the source open this connection, and which rules decide it? Both sides
// are asked, as Cilium does: the source's egress, then the destination's ingress.

import type { ConnectionQuery } from "./connection-query";
import { evaluateDirection, type DirectionVerdict } from "./direction-verdict";
import type { EvaluationContext } from "./evaluation-context";
import { namespaceLabelHints, type LabelHint } from "./label-hints";
import { remotesOf } from "./rule-traffic";
import { verdictSentence } from "./verdict-sentence";

export interface Verdict {
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

export function evaluateConnection(query: ConnectionQuery, context: EvaluationContext): Verdict {
  const { egress, ingress } = directions(query, context);
  const hintsFor = (verdict: DirectionVerdict): LabelHint[] => {
    if (verdict.reason !== "no-rule-allows") return [];
    const [subject, peer] =
      verdict.direction === "egress" ? [query.source, query.destination] : [query.destination, query.source];
    return subject.kind === "pod" ? namespaceLabelHints(subject, peer, verdict.direction, query, context) : [];
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
  return egress.allowed && evaluateDirection(query.destination, query.source, "ingress", query, context).allowed;
}

/** Both sides' verdicts, without hints or sentence. */
export function evaluateSides(
  query: ConnectionQuery,
  context: EvaluationContext,
): { egress: DirectionVerdict; ingress: DirectionVerdict } {
  return directions(query, context);
}
