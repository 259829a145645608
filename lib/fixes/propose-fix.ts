// The smallest change, in the conventions' vocabulary, that lets a group of dropped flows through —
// chosen by evaluating each candidate against the cluster with the change applied, not by pattern.
// When the drops are not a policy problem, or no change in the vocabulary helps, it says so.

import type { DropClassification } from "@/lib/drops/classify-drop";
import { explainDropReason } from "@/lib/drops/drop-reasons";
import type { Flow } from "@/lib/flows/flow";
import type { ConnectionQuery } from "@/lib/evaluator/connection-query";
import { connectionAllowed, evaluateConnection, evaluateSides } from "@/lib/evaluator/evaluate-flow";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { applyChanges } from "./apply-change";
import type { FixProposal } from "./fix-proposal";
import { fixCandidates, type FixCandidate } from "./fix-candidates";
import { hasInvalidLabels, skippedFlowsNote } from "./flow-label-syntax";
import { isFixableDrop, observedConnections, type ObservedConnection } from "./observed-connections";

export interface ProposeFixOptions {
  classification?: DropClassification;
  /** How many changes may be combined when no single one fixes every drop. */
  maxSteps?: number;
}

const MAX_ALTERNATIVES = 3;

interface Score {
  fixedDrops: number;
  sidesResolved: number;
}

function deniedSideCount(query: ConnectionQuery, context: EvaluationContext): number {
  const { egress, ingress } = evaluateSides(query, context);
  return (egress.allowed ? 0 : 1) + (ingress.allowed ? 0 : 1);
}

function score(targets: readonly ObservedConnection[], context: EvaluationContext, before: number[]): Score {
  let fixedDrops = 0;
  let sidesResolved = 0;
  targets.forEach((target, i) => {
    const denied = deniedSideCount(target.query, context);
    if (denied === 0) fixedDrops += target.drops;
    sidesResolved += before[i]! - denied;
  });
  return { fixedDrops, sidesResolved };
}

function better(a: Score, b: Score): boolean {
  return a.fixedDrops > b.fixedDrops || (a.fixedDrops === b.fixedDrops && a.sidesResolved > b.sidesResolved);
}

function notAPolicyProblem(dropped: readonly Flow[], options: ProposeFixOptions): FixProposal {
  if (options.classification && !options.classification.policyDrop) {
    const c = options.classification;
    return { kind: "not-a-policy-problem", explanation: `${c.title}. ${c.cause} ${c.fix}` };
  }
  const reasons = [...new Set(dropped.map((f) => f.dropReason ?? "unknown"))];
  if (reasons.includes("AUTH_REQUIRED")) {
    return {
      kind: "no-fix",
      explanation:
        "A policy requires mutual authentication for this traffic and the peers could not authenticate; no label or rule grants that. Check the authentication setup (SPIRE) of both sides.",
    };
  }
  const lines = reasons.map((reason) => {
    const { meaning, check } = explainDropReason(reason);
    return `${reason}: ${meaning} ${check}`;
  });
  return {
    kind: "not-a-policy-problem",
    explanation: `Not a policy drop, so no policy change fixes it. ${lines.join(" ")}`,
  };
}

/** Proposes a fix for a group of drops (usually one drop group: same namespace, same cause). */
export function proposeFix(
  drops: readonly Flow[],
  context: EvaluationContext,
  options: ProposeFixOptions = {},
): FixProposal {
  const dropped = drops.filter((f) => f.verdict === "DROPPED" || f.verdict === "AUDIT");
  const policyDrops = dropped.filter(isFixableDrop);
  const fixable = policyDrops.filter((f) => !hasInvalidLabels(f));
  const skipped = skippedFlowsNote(policyDrops.length - fixable.length);
  if (fixable.length === 0) {
    if (dropped.length === 0) return { kind: "no-fix", explanation: "Nothing was dropped." };
    if (policyDrops.length > 0)
      return { kind: "no-fix", explanation: `No flow of the group can be used for a fix.${skipped}` };
    return notAPolicyProblem(dropped, options);
  }
  const left = dropped.length - policyDrops.length;
  const note =
    (left === 1
      ? " 1 other drop was not a policy drop and is left out."
      : left > 1
        ? ` ${left} other drops were not policy drops and are left out.`
        : "") + skipped;
  const connections = observedConnections(fixable);
  let targets = connections.filter((c) => !connectionAllowed(c.query, context));
  if (targets.length === 0) {
    const sentence = evaluateConnection(connections[0]!.query, context).sentence;
    return {
      kind: "already-allowed",
      explanation: `The current policies allow it: ${sentence}. The drops predate the change that allowed it, or were dropped by something Sieve does not evaluate (host policies, L7 rules).${note}`,
    };
  }
  const firstQuery = targets[0]!.query;
  const first = evaluateConnection(firstQuery, context);
  const total = targets.reduce((n, t) => n + t.drops, 0);
  const denyOnly = targets.every((t) => {
    const sides = evaluateSides(t.query, context);
    return sides.egress.reason === "denied-by-deny-rule" || sides.ingress.reason === "denied-by-deny-rule";
  });
  if (denyOnly) {
    return {
      kind: "no-fix",
      explanation: `${capitalize(first.sentence)}. No label or profile overrides a deny rule: narrow or remove the deny rule itself.${note}`,
    };
  }

  const chosen: FixCandidate[] = [];
  const alternatives: FixCandidate[] = [];
  let current = context;
  for (let step = 0; step < (options.maxSteps ?? 3) && targets.length > 0; step++) {
    const before = targets.map((t) => deniedSideCount(t.query, current));
    const remaining = targets.reduce((n, t) => n + t.drops, 0);
    let best: { candidate: FixCandidate; score: Score; context: EvaluationContext } | null = null;
    for (const candidate of fixCandidates(
      targets.map((t) => t.query),
      current,
    )) {
      const applied = applyChanges(current, candidate.changes);
      const result = score(targets, applied, before);
      if (step === 0 && result.fixedDrops === remaining) alternatives.push(candidate);
      if (result.fixedDrops === 0 && result.sidesResolved <= 0) continue;
      if (!best || better(result, best.score)) best = { candidate, score: result, context: applied };
    }
    if (!best) break;
    chosen.push(best.candidate);
    current = best.context;
    targets = targets.filter((t) => !connectionAllowed(t.query, current));
  }

  if (chosen.length === 0) {
    const hint = options.classification ? ` ${options.classification.fix}` : "";
    return {
      kind: "no-fix",
      explanation: `${capitalize(first.sentence)}. No access label, profile or platform CNP rule in the conventions allows it.${hint}${note}`,
    };
  }
  const fixed = total - targets.reduce((n, t) => n + t.drops, 0);
  const after = evaluateConnection(firstQuery, current);
  const remainingText =
    targets.length > 0
      ? ` ${total - fixed} drop${total - fixed === 1 ? "" : "s"} would remain: ${evaluateConnection(targets[0]!.query, current).sentence}.`
      : "";
  const firstChoice = chosen[0]!;
  return {
    kind: "change",
    changes: chosen.flatMap((c) => c.changes),
    steps: chosen.map((c) => c.summary),
    fixed,
    total,
    explanation: `Now: ${first.sentence}. With the change: ${after.sentence}.${remainingText}${note}`,
    alternatives: alternatives
      .filter((c) => c !== firstChoice)
      .slice(0, MAX_ALTERNATIVES)
      .map((c) => ({ changes: c.changes, summary: c.summary })),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
