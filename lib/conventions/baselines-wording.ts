// The Conventions view's sentences about the baselines and about which namespaces are enforced:
// what the baselines select (or that there are none), and the namespaces by enforcement state.

import type { EnforcementState } from "@/lib/posture/enforcement";
import type { InferenceReport } from "./inference-report";

/** What the baselines select; with none at all, that nothing is denied by default. */
export function baselinesSentence(baselines: InferenceReport["baselines"]): string {
  if (baselines.policies.length === 0) return "No baseline policy: nothing is denied by default.";
  if (baselines.optIn)
    return `The baselines select only namespaces labelled ${baselines.optIn.key}=${baselines.optIn.value} (opt-in).`;
  return "The baselines select every pod.";
}

export interface EnforcementLine {
  state: EnforcementState;
  label: string;
  /** "27 namespace(s)" for the enforced ones; the names, or "none", for the others. */
  text: string;
}

const LABELS: Record<EnforcementState, string> = {
  enforced: "Enforced",
  disabled: "Enforcement disabled (the escape hatch is open)",
  unselected: "Wide open (no policy selects them, all traffic flows)",
};

/** One line per enforcement state; names are listed where each one is a problem. */
export function enforcementLines(split: Record<EnforcementState, readonly string[]>): EnforcementLine[] {
  const names = (list: readonly string[]) => (list.length > 0 ? list.join(", ") : "none");
  return [
    { state: "enforced", label: LABELS.enforced, text: `${split.enforced.length} namespace(s)` },
    { state: "disabled", label: LABELS.disabled, text: names(split.disabled) },
    { state: "unselected", label: LABELS.unselected, text: names(split.unselected) },
  ];
}
