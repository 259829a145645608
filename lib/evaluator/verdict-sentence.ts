// The verdict as one sentence a platform engineer reads in the drop panel:
// "dropped on egress of app/x: nothing allows TCP 5432 to database/postgres-0; CCNP access-postgres
// would, if namespace app carried access.network-policy.homelab/postgres=true".

import { refLabel, type PolicyRef } from "@/lib/policy/model";
import {
  describeEndpoint,
  describeTraffic,
  type ConnectionQuery,
  type AnyEndpoint,
} from "./connection-query";
import type { DirectionVerdict, RuleRef } from "./direction-verdict";
import { namespaceIn, type EvaluationContext, type NamespaceLabelChange } from "./evaluation-context";
import type { LabelHint } from "./label-hints";

const MAX_HINTS = 2;

function uniqueRefs(refs: readonly { ref: PolicyRef }[]): string[] {
  return [...new Set(refs.map((r) => refLabel(r.ref)))];
}

export function describeLabelChange(change: NamespaceLabelChange): string {
  const parts: string[] = [];
  const set = Object.entries(change.set).map(([k, v]) => `${k}=${v}`);
  if (set.length > 0) parts.push(`carried ${set.join(" and ")}`);
  if (change.remove.length > 0) parts.push(`did not carry ${change.remove.join(" or ")}`);
  return `namespace ${change.namespace} ${parts.join(" and ")}`;
}

function hintText(hints: readonly LabelHint[]): string {
  if (hints.length === 0) return "";
  const shown = hints
    .slice(0, MAX_HINTS)
    .map((h) => `${refLabel(h.ref)} would, if ${h.changes.map(describeLabelChange).join(" and ")}`);
  const more = hints.length > MAX_HINTS ? ` (and ${hints.length - MAX_HINTS} more)` : "";
  return `; ${shown.join("; ")}${more}`;
}

function escapeHatchLabel(endpoint: AnyEndpoint, context: EvaluationContext): string | null {
  if (endpoint.kind !== "pod") return null;
  const { enforcementLabel, enforcementDisabledValue } = context.conventions;
  const value = namespaceIn(context, endpoint.namespace).labels[enforcementLabel];
  return value === enforcementDisabledValue
    ? `namespace ${endpoint.namespace} is labelled ${enforcementLabel}=${enforcementDisabledValue}`
    : null;
}

function sides(query: ConnectionQuery, verdict: DirectionVerdict) {
  return verdict.direction === "egress"
    ? { subject: query.source, peer: query.destination, preposition: "to" }
    : { subject: query.destination, peer: query.source, preposition: "from" };
}

function deniedClause(
  query: ConnectionQuery,
  verdict: DirectionVerdict,
  hints: readonly LabelHint[],
  context: EvaluationContext,
): string {
  const { subject, peer, preposition } = sides(query, verdict);
  const traffic = `${describeTraffic(query)} ${preposition} ${describeEndpoint(peer)}`;
  let text = `dropped on ${verdict.direction} of ${describeEndpoint(subject)}: `;
  if (verdict.reason === "denied-by-deny-rule") {
    const rules = verdict.deniedBy.map((r: RuleRef) => `${refLabel(r.ref)} (${r.rule})`);
    text += `${rules.join(", ")} ${rules.length === 1 ? "denies" : "deny"} ${traffic}, and deny rules win over allows`;
  } else {
    text += `nothing allows ${traffic}${hintText(hints)}`;
  }
  const hatch = escapeHatchLabel(subject, context);
  if (hatch && verdict.reason === "denied-by-deny-rule")
    text += `; ${hatch}, but the escape hatch cannot override a deny rule`;
  else if (hatch) text += `; ${hatch}, but no escape-hatch policy lets this through`;
  return text;
}

function allowedClause(
  query: ConnectionQuery,
  verdict: DirectionVerdict,
  context: EvaluationContext,
): string {
  const { subject } = sides(query, verdict);
  const who = describeEndpoint(subject);
  switch (verdict.reason) {
    case "not-an-endpoint":
      return `${verdict.direction}: ${who} is not a pod (no policy of its own; host policies are out of scope)`;
    case "no-policy": {
      const hatch = escapeHatchLabel(subject, context);
      return `${verdict.direction} of ${who} is open (no policy puts it in default deny${hatch ? `; ${hatch}` : ""})`;
    }
    case "local-host":
      return `ingress of ${who} from its own node is always allowed (Cilium's allow-localhost)`;
    case "escape-hatch": {
      const hatch = escapeHatchLabel(subject, context);
      return `${verdict.direction} of ${who} by the escape hatch (${[...uniqueRefs(verdict.allowedBy), ...(hatch ? [hatch] : [])].join("; ")})`;
    }
    default:
      return `${verdict.direction} of ${who} by ${uniqueRefs(verdict.allowedBy).join(", ")}`;
  }
}

export function verdictSentence(
  query: ConnectionQuery,
  egress: DirectionVerdict,
  ingress: DirectionVerdict,
  hints: { egress: readonly LabelHint[]; ingress: readonly LabelHint[] },
  context: EvaluationContext,
): string {
  const denied = [egress, ingress].filter((v) => !v.allowed);
  if (denied.length === 0) {
    const route = `${describeTraffic(query)} from ${describeEndpoint(query.source)} to ${describeEndpoint(query.destination)}`;
    return `allowed ${route}: ${allowedClause(query, egress, context)}; ${allowedClause(query, ingress, context)}`;
  }
  const clauses = denied.map((v) =>
    deniedClause(query, v, v.direction === "egress" ? hints.egress : hints.ingress, context),
  );
  if (clauses.length === 1) return clauses[0]!;
  return `${clauses[0]}. It would also be ${clauses[1]}`;
}
