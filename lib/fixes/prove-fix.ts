// The proof of a fix: every currently observed connection that involves a changed namespace,
// evaluated with and without the change. It counts the observed drops the change lets through and
// those it does not, the flows passing today that it would drop, and lists what it opens beyond the
// observed drops (e.g. "ingress from the external gateway … on 8080/TCP").

import type { Flow } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import type { NormalizedRule } from "@/lib/policy/model";
import type { ConnectionQuery } from "@/lib/evaluator/connection-query";
import { connectionAllowed, evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { remotesOf, ruleAdmitsTraffic, ruleMatchesAny } from "@/lib/evaluator/rule-traffic";
import { applyChanges, changedNamespaces } from "./apply-change";
import { describeChanges } from "./describe-change";
import { observedConnections } from "./observed-connections";
import { describeAccess, openedAccess, type OpenedAccess } from "./opened-access";

export interface FixProof {
  /** Distinct connections evaluated (observed flows that involve a changed namespace). */
  connections: number;
  /** Fixable drops observed with a side in a changed namespace. */
  dropsInScope: number;
  /** Of those, the drops the change lets through. */
  fixes: number;
  stillDropped: number;
  /** Drops the current policies already allow (dropped under older policies, or not by policy). */
  alreadyAllowed: number;
  /** Forwarded flows the change would drop. */
  newlyDropped: number;
  /** Evaluator sentences, with the change applied, for a few connections of each kind. */
  stillDroppedExamples: string[];
  newlyDroppedExamples: string[];
  /** What the change opens that the fixed drops use. */
  opens: string[];
  /** What the change opens beyond the observed drops. */
  newlyAllowedBeyond: string[];
  sentence: string;
}

const MAX_EXAMPLES = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function usedBy(item: OpenedAccess, query: ConnectionQuery, context: EvaluationContext): boolean {
  const [subject, peer] =
    item.direction === "egress" ? [query.source, query.destination] : [query.destination, query.source];
  if (subject.kind !== "pod" || subject.namespace !== item.namespace) return false;
  const rule: NormalizedRule = {
    id: "",
    direction: item.direction,
    deny: false,
    peers: [item.peer],
    requires: [],
    toPorts: item.port ? [{ ports: [item.port], l7: null, serverNames: [] }] : [],
    icmps: [],
  };
  return (
    ruleAdmitsTraffic(rule, query.port, query.protocol) && ruleMatchesAny(rule, remotesOf(peer, context))
  );
}

function sentenceOf(
  proof: Omit<FixProof, "sentence">,
  changes: readonly GitOpsChange[],
  namespaces: readonly string[],
): string {
  const what = describeChanges(changes);
  const parts = [
    `${what.charAt(0).toUpperCase()}${what.slice(1)}: lets through ${proof.fixes} of the ${plural(proof.dropsInScope, "observed drop")} involving ${namespaces.join(", ")}`,
  ];
  if (proof.stillDropped > 0) parts.push(`${proof.stillDropped} stay dropped`);
  if (proof.alreadyAllowed > 0)
    parts.push(`${proof.alreadyAllowed} are allowed by the current policies already`);
  parts.push(
    proof.newlyDropped > 0
      ? `it would drop ${plural(proof.newlyDropped, "flow")} that pass today`
      : "it drops nothing that passes today",
  );
  parts.push(
    proof.newlyAllowedBeyond.length > 0
      ? `it also opens ${proof.newlyAllowedBeyond.join("; ")}`
      : "it opens nothing beyond the observed drops",
  );
  return parts.join("; ");
}

export function proveFix(
  change: GitOpsChange | readonly GitOpsChange[],
  observedFlows: Iterable<Flow>,
  context: EvaluationContext,
): FixProof {
  const changes: readonly GitOpsChange[] = Array.isArray(change) ? change : [change as GitOpsChange];
  const namespaces = changedNamespaces(changes);
  const after = applyChanges(context, changes);
  const connections = observedConnections(observedFlows, namespaces);
  let dropsInScope = 0;
  let fixes = 0;
  let stillDropped = 0;
  let alreadyAllowed = 0;
  let newlyDropped = 0;
  const stillDroppedExamples: string[] = [];
  const newlyDroppedExamples: string[] = [];
  const fixed: ConnectionQuery[] = [];
  for (const connection of connections) {
    const was = connectionAllowed(connection.query, context);
    const will = connectionAllowed(connection.query, after);
    if (connection.drops > 0) {
      dropsInScope += connection.drops;
      if (was) alreadyAllowed += connection.drops;
      else if (will) {
        fixes += connection.drops;
        fixed.push(connection.query);
      } else {
        stillDropped += connection.drops;
        if (stillDroppedExamples.length < MAX_EXAMPLES)
          stillDroppedExamples.push(evaluateConnection(connection.query, after).sentence);
      }
    }
    if (connection.forwarded > 0 && was && !will) {
      newlyDropped += connection.forwarded;
      if (newlyDroppedExamples.length < MAX_EXAMPLES)
        newlyDroppedExamples.push(evaluateConnection(connection.query, after).sentence);
    }
  }
  const opened = openedAccess(context, after, namespaces);
  const used = opened.filter((item) => fixed.some((query) => usedBy(item, query, after)));
  const proof = {
    connections: connections.length,
    dropsInScope,
    fixes,
    stillDropped,
    alreadyAllowed,
    newlyDropped,
    stillDroppedExamples,
    newlyDroppedExamples,
    opens: describeAccess(used),
    newlyAllowedBeyond: describeAccess(opened.filter((item) => !used.includes(item))),
  };
  return { ...proof, sentence: sentenceOf(proof, changes, [...namespaces]) };
}
