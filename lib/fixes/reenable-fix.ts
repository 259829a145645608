// "Fix and re-enable": one change set that lets through every flow re-enabling enforcement would
// drop, and removes the enforcement label from git. The would-be drops are proposed for and proven
// against the cluster with the label removed, by the same proposal and proof as observed drops.

import { whyDropped, dropSamples, type FixPlan } from "./fix-plan";
import { proposeFixForDrops } from "./drop-answers";
import { proveFix } from "./prove-fix";
import { withEnforcementEnabled, type WouldBeDrops } from "@/lib/evaluator/would-be-drops";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import type { Flow } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import type { DropSample } from "@/lib/gitops/pr-text";

export interface ReenableFixInput {
  audit: WouldBeDrops;
  /** Every flow observed over the audit's window (the proof's scope). */
  observed: readonly Flow[];
  /** The cluster as it is (escape hatch open). */
  context: EvaluationContext;
  /** Whether the repository's render carries the enforcement label on the namespace. */
  labelInGit: boolean;
}

export interface ReenableFix {
  plan: FixPlan;
  /** The would-be drops, as the drops the plan fixes. */
  drops: Flow[];
  samples: DropSample[];
}

const SAMPLES = 5;

/** A forwarded flow re-enabling would drop, as the drop it would be. */
function asDrop(flow: Flow): Flow {
  return { ...flow, verdict: "DROPPED", dropReason: "POLICY_DENIED" };
}

function removeLabel(namespace: string, key: string): GitOpsChange {
  return { type: "set-namespace-labels", namespace, set: {}, remove: [key] };
}

/** "; 3 flows of 1 kind are denied … unknown", or "" when there are none. */
function unknownClause(audit: WouldBeDrops): string {
  const flows = audit.deniedToday.reduce((n, c) => n + c.flows, 0);
  if (flows === 0) return "";
  const kinds = audit.deniedToday.length;
  const what = `${flows} flow${flows === 1 ? "" : "s"} of ${kinds} kind${kinds === 1 ? "" : "s"}`;
  return `; ${what} ${flows === 1 ? "is" : "are"} denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to ${flows === 1 ? "it" : "them"} is unknown`;
}

export function reenableFix(input: ReenableFixInput): ReenableFix {
  const { audit, context } = input;
  const namespace = audit.namespace;
  const key = context.conventions.enforcementLabel;
  const enabled = withEnforcementEnabled(context, namespace);
  const drops = audit.flows.map(asDrop);
  const asDropped = new Set(audit.flows);
  // The observed traffic as it would be with enforcement on: the would-be drops dropped.
  const observed = input.observed.map((flow) => (asDropped.has(flow) ? asDrop(flow) : flow));
  const newestFirst = [...drops].sort((a, b) => b.time - a.time);
  const removal = input.labelInGit && key !== "" ? [removeLabel(namespace, key)] : [];
  const removalStep = `Remove ${key} from namespace ${namespace} in git (re-enables enforcement)`;
  const manual = `Not in git: after merging, run kubectl label namespace ${namespace} ${key}-`;

  const proposal = drops.length > 0 ? proposeFixForDrops(drops, enabled) : null;
  const base = { drops: drops.length, samples: newestFirst.slice(0, SAMPLES) };
  const why = newestFirst[0] ? whyDropped(newestFirst[0], enabled) : null;
  if (proposal && proposal.kind !== "change") {
    return {
      plan: {
        ...base,
        why,
        proposal: {
          ...proposal,
          explanation: `Re-enabling would drop ${drops.length} observed flow(s), and no change in the conventions' vocabulary lets them all through: ${proposal.explanation}`,
        },
        proof: null,
      },
      drops,
      samples: dropSamples(drops),
    };
  }
  const fixChanges = proposal?.kind === "change" ? proposal.changes : [];
  const changes = [...fixChanges, ...removal];
  if (changes.length === 0) {
    return {
      plan: {
        ...base,
        why,
        proposal: {
          kind: "no-fix",
          explanation: `Nothing observed would drop, and the repository does not carry ${key} on ${namespace}, so there is nothing to change in git: re-enable with kubectl label namespace ${namespace} ${key}-`,
        },
        proof: null,
      },
      drops,
      samples: [],
    };
  }
  const steps = [
    ...(proposal?.kind === "change" ? proposal.steps : []),
    input.labelInGit ? removalStep : manual,
  ];
  return {
    plan: {
      ...base,
      why,
      proposal: {
        kind: "change",
        changes,
        steps,
        fixed: proposal?.kind === "change" ? proposal.fixed : 0,
        total: drops.length,
        explanation:
          proposal?.kind === "change"
            ? proposal.explanation
            : `Nothing observed would drop once enforcement is re-enabled on ${namespace}${unknownClause(audit)}.`,
        alternatives: [],
      },
      // Proven against the cluster with enforcement on (as after merging, and kubectl if by hand).
      // The removal is a no-op there, but puts every flow of the namespace in the proof's scope.
      proof: proveFix([...fixChanges, removeLabel(namespace, key)], observed, enabled),
    },
    drops,
    samples: dropSamples(drops),
  };
}
