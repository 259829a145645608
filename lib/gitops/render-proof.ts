// The render proof of a patch: rendering the repository before and after it must differ by
// exactly the intended change — the labels asked for on the namespace asked for (an annotation
// written from the same input counts with its label), the rules asked for on the policy asked
// for, or one new policy — and by nothing else. Anything less is a PR that changes nothing;
// anything more is a PR that does what it does not say.

import type { FieldChange, ObjectChange } from "@/lib/render/render-diff";
import type { CnpRule, GitOpsChange } from "./change";
import type { Direction } from "@/lib/policy/model";
import { ruleKey, ruleObject } from "./cnp-rule-yaml";

export type RenderProofResult = { ok: true; lines: string[] } | { ok: false; reason: string };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The path renderDiff gives a field, from its segments. */
export function fieldPath(...segments: Array<string | number>): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === "number") return `${path}[${segment}]`;
    const part = SEGMENT.test(segment) ? segment : JSON.stringify(segment);
    return path === "" ? part : `${path}.${part}`;
  }, "");
}

function shown(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

function describeField(change: ObjectChange, field: FieldChange): string {
  return `${change.kind} ${change.namespace ? `${change.namespace}/` : ""}${change.name}: ${field.path} ${shown(
    field.before,
  )} → ${shown(field.after)}`;
}

function objectLabel(change: ObjectChange): string {
  return `${change.kind} ${change.namespace ? `${change.namespace}/` : ""}${change.name}`;
}

interface LabelIntent {
  namespace: string;
  key: string;
  /** undefined: removed. */
  value: string | undefined;
}

function labelIntents(changes: readonly GitOpsChange[]): LabelIntent[] {
  return changes.flatMap((change) =>
    change.type === "set-namespace-labels"
      ? [
          ...Object.entries(change.set).map(([key, value]) => ({ namespace: change.namespace, key, value })),
          ...change.remove.map((key) => ({ namespace: change.namespace, key, value: undefined })),
        ]
      : [],
  );
}

/** The namespace-label part: every intended label changes as asked; accounted fields are marked. */
function checkLabels(
  intents: readonly LabelIntent[],
  diff: readonly ObjectChange[],
  accounted: Set<FieldChange>,
  lines: string[],
): string | null {
  for (const intent of intents) {
    const object = diff.find((c) => c.kind === "Namespace" && c.name === intent.namespace);
    const labelPath = fieldPath("metadata", "labels", intent.key);
    const field = object?.fields.find((f) => f.path === labelPath);
    if (!object || !field) {
      return intent.value === undefined
        ? `the rendered namespace ${intent.namespace} would still carry label ${intent.key}`
        : `the rendered namespace ${intent.namespace} would not get label ${intent.key}=${intent.value}`;
    }
    if (field.after !== intent.value) {
      return `the rendered namespace ${intent.namespace} would get ${intent.key}=${shown(field.after)}, not ${shown(
        intent.value,
      )}`;
    }
    accounted.add(field);
    const twin = object.fields.find(
      (f) => f.path === fieldPath("metadata", "annotations", intent.key) && f.after === intent.value,
    );
    if (twin) accounted.add(twin);
    const verb =
      intent.value === undefined
        ? `loses label ${intent.key}`
        : field.before === undefined
          ? `gains label ${intent.key}=${intent.value}`
          : `changes label ${intent.key} from ${String(field.before)} to ${intent.value}`;
    lines.push(`namespace ${intent.namespace} ${verb}${twin ? " (and its annotation)" : ""}`);
  }
  return null;
}

/**
 * The rules a policy gains in one direction: whole new list items (`spec.egress[2]`), or the
 * items of a section that did not exist (`spec.egress`). A change inside an existing rule is
 * refused — narrowing or widening a rule is not "adding" one.
 */
function addedRules(
  object: ObjectChange,
  direction: Direction,
): { rules: unknown[]; fields: FieldChange[] } | string {
  const section = `spec.${direction}`;
  const item = new RegExp(`^spec\\.${direction}\\[\\d+\\]$`);
  const rules: unknown[] = [];
  const fields: FieldChange[] = [];
  for (const field of object.fields) {
    if (field.path !== section && !field.path.startsWith(`${section}[`)) continue;
    if (
      field.before !== undefined ||
      !(field.path === section ? Array.isArray(field.after) : item.test(field.path))
    )
      return `${describeField(object, field)} changes an existing rule`;
    rules.push(...(field.path === section ? (field.after as unknown[]) : [field.after]));
    fields.push(field);
  }
  return { rules, fields };
}

function checkCnpRules(
  change: Extract<GitOpsChange, { type: "add-cnp-rules" }>,
  diff: readonly ObjectChange[],
  accounted: Set<FieldChange>,
  lines: string[],
): string | null {
  const object = diff.find(
    (c) => c.kind === "CiliumNetworkPolicy" && c.namespace === change.namespace && c.change === "changed",
  );
  if (!object) return `no rendered CiliumNetworkPolicy of namespace ${change.namespace} would change`;
  for (const direction of ["ingress", "egress"] as const) {
    const wanted: CnpRule[] = change[direction] ?? [];
    const added = addedRules(object, direction);
    if (typeof added === "string") return added;
    for (const rule of added.rules) {
      const match = wanted.find((w) => ruleKey(ruleObject(w, direction)) === ruleKey(rule));
      if (!match)
        return `${objectLabel(object)} would gain ${direction} rule ${JSON.stringify(rule)}, not asked for`;
    }
    added.fields.forEach((f) => accounted.add(f));
    const count = added.rules.length;
    if (count > 0)
      lines.push(`${objectLabel(object)} gains ${count} ${direction} rule${count === 1 ? "" : "s"}`);
  }
  return null;
}

function checkNewPolicy(
  change: Extract<GitOpsChange, { type: "add-platform-cnp" }>,
  diff: readonly ObjectChange[],
  accounted: Set<FieldChange>,
  lines: string[],
): string | null {
  const object = diff.find(
    (c) => c.kind === "CiliumNetworkPolicy" && c.namespace === change.namespace && c.change === "added",
  );
  if (!object) return `no new CiliumNetworkPolicy would be rendered in namespace ${change.namespace}`;
  object.fields.forEach((f) => accounted.add(f));
  lines.push(`${objectLabel(object)} is added (from ${object.origin.file})`);
  return null;
}

/**
 * A ResourceSet's inputs are where a change is written, not what the cluster gets: what it
 * applies is compared through the objects it renders.
 */
function isTemplateInput(object: ObjectChange, field: FieldChange): boolean {
  return (
    (object.kind === "ResourceSet" && /^spec\.inputs(\[|$)/.test(field.path)) ||
    (object.kind === "ResourceSetInputProvider" && /^spec\.defaultValues(\.|$)/.test(field.path))
  );
}

/** Whether `diff` (renderDiff of before/after) is exactly `changes`; the proof's lines when it is. */
export function proveRenderedChange(
  changes: readonly GitOpsChange[],
  diff: readonly ObjectChange[],
): RenderProofResult {
  const accounted = new Set<FieldChange>(
    diff.flatMap((object) => object.fields.filter((field) => isTemplateInput(object, field))),
  );
  const lines: string[] = [];
  const labelProblem = checkLabels(labelIntents(changes), diff, accounted, lines);
  if (labelProblem) return { ok: false, reason: labelProblem };
  for (const change of changes) {
    const problem =
      change.type === "add-cnp-rules"
        ? checkCnpRules(change, diff, accounted, lines)
        : change.type === "add-platform-cnp"
          ? checkNewPolicy(change, diff, accounted, lines)
          : null;
    if (problem) return { ok: false, reason: problem };
  }
  const extra = diff.flatMap((object) =>
    object.fields.filter((f) => !accounted.has(f)).map((f) => describeField(object, f)),
  );
  if (extra.length > 0) {
    const more = extra.length > 3 ? ` and ${extra.length - 3} more` : "";
    return { ok: false, reason: `the render would also change ${extra.slice(0, 3).join("; ")}${more}` };
  }
  if (lines.length === 0) return { ok: false, reason: "the render would not change at all" };
  return { ok: true, lines: [...lines, "nothing else changes"] };
}
