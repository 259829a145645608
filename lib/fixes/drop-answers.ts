import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import { classifyDrop, type DropClassification } from "@/lib/drops/classify-drop";
import { DropClassifier } from "@/lib/drops/drop-classifier";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import type { Flow } from "@/lib/flows/flow";
import type { FixProposal } from "./fix-proposal";
import { proposeFix } from "./propose-fix";

// One why/fix pipeline: the drop table says why a drop happened, the evaluator decides what fixes
// it, and every view words the fix from the same proposal — the drops view (a drop group), the
// edge panel (an edge's drops) and the Fix panel (either of those scopes) alike.

/**
 * The evaluator's proposal for a set of drops, as every view computes it: newest first, with the
 * table's classification of the newest (for drops no policy change fixes).
 */
export function proposeFixForDrops(
  drops: readonly Flow[],
  context: EvaluationContext,
  classification?: DropClassification,
): FixProposal {
  const newestFirst = [...drops].sort((a, b) => b.time - a.time);
  return proposeFix(newestFirst, context, { classification });
}

function newest(drops: readonly Flow[]): Flow | undefined {
  return drops.reduce<Flow | undefined>((a, b) => (a === undefined || b.time > a.time ? b : a), undefined);
}

export interface DropAnswers {
  /** The drop table's classification alone: what groups drops (computed once per conversation). */
  classify(flow: Flow): DropClassification;
  /** The classification with its fix worded from the proposal for its group's drops in the scope. */
  answer(flow: Flow): DropClassification;
}

/**
 * Answers for the drops of a view's scope (a window's drops, an edge's drops): each drop's fix is
 * worded from the proposal for the drops of its group (same namespace and class) in that scope —
 * the very drops the Fix panel of that group is computed from. Proposals are computed once per
 * group, when first asked for. The evidence commands look back over `windowMs`, the scope's window.
 */
export function dropAnswers(
  scope: readonly Flow[],
  facts: ClusterFacts,
  context: EvaluationContext,
  windowMs: number,
): DropAnswers {
  const { conventions } = context;
  const classifier = new DropClassifier(facts, conventions, windowMs);
  const classify = (flow: Flow) => classifier.classify(flow);
  let members: Map<string, Flow[]> | null = null;
  const proposals = new Map<string, FixProposal>();
  const proposalOf = (flow: Flow, key: string): FixProposal => {
    const known = proposals.get(key);
    if (known) return known;
    if (!members) {
      members = new Map();
      for (const drop of scope) {
        const groupKey = classify(drop).groupKey;
        const list = members.get(groupKey) ?? [];
        list.push(drop);
        members.set(groupKey, list);
      }
    }
    const drops = members.get(key) ?? [flow];
    const proposal = proposeFixForDrops(drops, context, classify(newest(drops) ?? flow));
    proposals.set(key, proposal);
    return proposal;
  };
  return {
    classify,
    answer(flow) {
      const classification = classify(flow);
      if (!classification.policyDrop) return classification;
      return classifyDrop(flow, facts, conventions, proposalOf(flow, classification.groupKey), windowMs);
    },
  };
}
