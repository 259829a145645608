import type { GitOpsChange } from "@/lib/gitops/change";

// What the evaluator decided about a group of drops: the change that lets them through, or why
// there is none. The drop classification words it; the Fix panel and the pull request carry it.

export type FixProposal =
  | {
      kind: "change";
      /** Applied in order; usually one. */
      changes: GitOpsChange[];
      /** One line per change, e.g. "Add access.network-policy.homelab/postgres=true to namespace app (…)". */
      steps: string[];
      /** Observed drops of the group the change lets through, of all its fixable drops. */
      fixed: number;
      total: number;
      /** What the evaluator says before and after. */
      explanation: string;
      /** Other single changes that would fix the whole group too, smallest first. */
      alternatives: { changes: GitOpsChange[]; summary: string }[];
    }
  | { kind: "not-a-policy-problem"; explanation: string }
  /** The current policies already allow what was dropped. */
  | { kind: "already-allowed"; explanation: string }
  /** A policy drop no change in the conventions' vocabulary fixes (a deny rule, a port no profile opens…). */
  | { kind: "no-fix"; explanation: string };
