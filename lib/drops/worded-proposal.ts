import type { Conventions } from "@/lib/conventions/conventions";
import type { FixProposal } from "@/lib/fixes/fix-proposal";
import type { GitOpsChange } from "@/lib/gitops/change";
import { DROP_CLASSES, fillTemplate, type DropClassKey } from "./drop-classes";

// The evaluator decides the fix; the drop table only words it. A class whose fix text describes a
// change (a label to add, a profile to switch to, rules for a platform CNP) keeps its words when the
// proposal is that very change, filled in from the proposal; any other proposal is worded by its
// own steps, so the classification never names a change the Fix panel does not make.

export interface WordedFix {
  fix: string;
  /** The proposal's first change; null when it proposes none. */
  change: GitOpsChange | null;
}

const PROFILE_CLASSES: readonly DropClassKey[] = [
  "world-https-not-allowed",
  "gateway-ingress-not-allowed",
  "external-gateway-not-allowed",
];
const ACCESS_CLASSES: readonly DropClassKey[] = ["access-label-missing", "access-label-malformed"];
const PLATFORM_RULE_CLASSES: readonly DropClassKey[] = [
  "platform-cnp-lacks-dns",
  "platform-cnp-lacks-hbone",
  "platform-cnp-lacks-scrape",
  "platform-cnp-lacks-health",
];

/** The one label a change sets on `namespace`, when that is all it does. */
function onlyLabel(change: GitOpsChange, namespace: string): [string, string] | null {
  if (change.type !== "set-namespace-labels" || change.namespace !== namespace) return null;
  const set = Object.entries(change.set);
  return set.length === 1 && change.remove.length === 0 ? set[0]! : null;
}

export function profileWithUse(conventions: Conventions, profile: string): string {
  const use = conventions.profiles.find((p) => p.name === profile)?.use;
  return use ? `${profile}, for ${use}` : profile;
}

/** " (or internal-egress, for …, or standard)"; empty without alternatives. */
export function alternativesText(conventions: Conventions, profiles: readonly string[]): string {
  return profiles.length > 0
    ? ` (or ${profiles.map((p) => profileWithUse(conventions, p)).join(", or ")})`
    : "";
}

/** The template's placeholders the change fills in; null when the template does not word this change. */
function templateParams(
  key: DropClassKey,
  change: GitOpsChange,
  params: Readonly<Record<string, string>>,
  proposal: Extract<FixProposal, { kind: "change" }>,
  conventions: Conventions,
): Record<string, string> | null {
  const namespace = params.namespace ?? "";
  if (ACCESS_CLASSES.includes(key)) {
    const label = onlyLabel(change, namespace);
    return label && label[0] === params.labelKey && label[1] === params.labelValue ? {} : null;
  }
  if (PROFILE_CLASSES.includes(key)) {
    const label = onlyLabel(change, namespace);
    if (!label || label[0] !== conventions.profileLabel) return null;
    const others = proposal.alternatives
      .map((alt) => (alt.changes.length === 1 ? onlyLabel(alt.changes[0]!, namespace) : null))
      .filter((alt) => alt !== null && alt[0] === conventions.profileLabel && alt[1] !== label[1])
      .map((alt) => alt![1]);
    return { suggestedProfile: label[1], alternatives: alternativesText(conventions, others) };
  }
  if (key === "platform-cnp-missing")
    return change.type === "add-platform-cnp" && change.namespace === namespace ? {} : null;
  if (PLATFORM_RULE_CLASSES.includes(key))
    return change.type === "add-cnp-rules" && change.namespace === namespace ? {} : null;
  return null;
}

/**
 * The fix of class `key` as the evaluator's proposal has it; null when the proposal decides no
 * change (no fix in the conventions, or not a policy problem): the table's own advice stands then.
 */
export function wordProposal(
  key: DropClassKey,
  params: Readonly<Record<string, string>>,
  proposal: FixProposal,
  conventions: Conventions,
): WordedFix | null {
  if (proposal.kind === "already-allowed") return { fix: proposal.explanation, change: null };
  if (proposal.kind !== "change") return null;
  const [first] = proposal.changes;
  if (first === undefined) return null;
  const filled =
    proposal.changes.length === 1 ? templateParams(key, first, params, proposal, conventions) : null;
  if (filled) return { fix: fillTemplate(DROP_CLASSES[key].fix, { ...params, ...filled }), change: first };
  return { fix: `${proposal.steps.join("; then ")}.`, change: first };
}
