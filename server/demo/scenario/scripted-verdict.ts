import "server-only";

// The demo's verdicts now come from the policy evaluator (policy-verdict.ts). This alias only keeps
// bench/synthetic-flows.ts compiling until it imports policyVerdict itself; then delete this file.

export {
  policyVerdict as scriptedVerdict,
  type ConnectionAttempt,
  type PolicyRef,
  type VerdictDecision,
} from "./policy-verdict";
