// Test helper: what the server's cluster view derives from a cluster's objects for the why/fix
// pipeline (conventions, drop-classification facts, evaluation context), with the same lib calls.

import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import type { Conventions } from "@/lib/conventions/conventions";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import { evaluationContextFromPosture, type EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { clusterFactsFromPosture } from "@/lib/posture/cluster-facts";
import { clusterPostureIn } from "@/lib/posture/cluster-posture";
import { buildPostureContext, type ClusterObjects } from "@/lib/posture/posture-context";

export interface PipelineView {
  conventions: Conventions;
  facts: ClusterFacts;
  evaluation: EvaluationContext;
}

export function pipelineView(
  objects: ClusterObjects,
  overrides: Partial<Conventions> = {},
  now = Date.UTC(2025, 8, 20, 12),
): PipelineView {
  const { conventions } = clusterConventions(objects, overrides);
  const context = buildPostureContext(objects, conventions);
  const posture = clusterPostureIn(context, now);
  return {
    conventions,
    facts: clusterFactsFromPosture(posture, objects.namespaces),
    evaluation: evaluationContextFromPosture(context),
  };
}
