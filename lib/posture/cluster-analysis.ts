// Everything Sieve derives from a cluster's objects and its conventions at one moment: the
// posture, the facts drop classification reads, the evaluator's context and the table rows. One
// builder for the server's cluster view and for tests of the why/fix pipeline.

import type { NamespaceRow } from "@/lib/api/responses";
import type { Conventions } from "@/lib/conventions/conventions";
import type { InferredConventions } from "@/lib/conventions/infer-conventions";
import type { InferenceReport } from "@/lib/conventions/inference-report";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import { evaluationContextFromPosture, type EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { clusterFactsFromPosture } from "./facts-from-posture";
import { clusterPostureAt, clusterPostureIn, type ClusterPosture } from "./cluster-posture";
import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import type { CniMode } from "./cni";
import { buildNamespaceRows } from "./namespace-rows";
import { buildPostureContext, type ClusterObjects, type PostureContext } from "./posture-context";

export interface ClusterAnalysis {
  objects: ClusterObjects;
  /** The conventions in force: inferred from the policies, with the conventions file on top. */
  conventions: Conventions;
  /** What was inferred, from which policy, and what the file overrides. */
  inference: InferenceReport;
  context: PostureContext;
  /** For the policy evaluator: why a flow is dropped, what fixes it. */
  evaluation: EvaluationContext;
  posture: ClusterPosture;
  facts: ClusterFacts;
  rows: NamespaceRow[];
}

export function analyzeCluster(
  objects: ClusterObjects,
  inferred: InferredConventions,
  now: number,
  options: { cni?: CniMode; knowledge?: ClusterKnowledge } = {},
): ClusterAnalysis {
  const { conventions, report } = inferred;
  const context = buildPostureContext(objects, conventions, {
    cni: options.cni ?? "cluster",
    knowledge: options.knowledge,
  });
  const posture = clusterPostureIn(context, now);
  return {
    objects,
    conventions,
    inference: report,
    context,
    evaluation: evaluationContextFromPosture(context),
    posture,
    facts: clusterFactsFromPosture(posture, objects.namespaces, context.knowledge),
    rows: buildNamespaceRows(objects.namespaces, conventions),
  };
}

/**
 * The same objects and conventions at a later moment (posture depends on the clock: how long
 * enforcement has been off). The context, with its per-policy memos, the evaluator's context and
 * the table rows do not, so they are kept; only the namespaces whose escape hatch has been open
 * since a known time are redone, and what is read from the posture.
 */
export function analysisAt(analysis: ClusterAnalysis, now: number): ClusterAnalysis {
  const posture = clusterPostureAt(analysis.posture, analysis.context, now);
  return {
    ...analysis,
    posture,
    // Facts are read from the namespaces; none moved, none to read again.
    facts:
      posture.namespaces === analysis.posture.namespaces
        ? analysis.facts
        : clusterFactsFromPosture(posture, analysis.objects.namespaces, analysis.context.knowledge),
  };
}
