import type { BranchImpact } from "@/lib/what-if/what-if";

/** A branch that changes nothing and was judged on no flows. */
export const EMPTY_BRANCH_IMPACT: BranchImpact = {
  objects: [],
  problems: [],
  flowsEvaluated: 0,
  connectionsEvaluated: 0,
  window: null,
  newlyDropped: [],
  newlyAllowed: [],
  newlyDroppedFlows: 0,
  newlyAllowedFlows: 0,
  posture: [],
};
