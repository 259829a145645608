// Test helper: what the server's cluster view derives from a cluster's objects for the why/fix
// pipeline (conventions, drop-classification facts, evaluation context), through the same builder.

import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import type { Conventions } from "@/lib/conventions/conventions";
import { analyzeCluster, type ClusterAnalysis } from "@/lib/posture/cluster-analysis";
import type { ClusterObjects } from "@/lib/posture/posture-context";

export type PipelineView = Pick<ClusterAnalysis, "conventions" | "facts" | "evaluation">;

export function pipelineView(
  objects: ClusterObjects,
  overrides: Partial<Conventions> = {},
  now = Date.UTC(2025, 8, 20, 12),
): PipelineView {
  return analyzeCluster(objects, clusterConventions(objects, overrides), now);
}
