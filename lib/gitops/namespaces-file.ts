// Patches a file of Namespace manifests: sets and removes labels on one namespace, keeping the
// file's comments, order and formatting. One label (and its annotation twin) is edited per step
// and the file re-parsed between steps; the result is re-read at the end and must carry exactly
// the requested labels.

import { isScalar } from "yaml";
import { changeProblem, type SetNamespaceLabels } from "./change";
import type { PatchResult } from "./patch-result";
import {
  addChildMap,
  appendPair,
  childMap,
  findPair,
  removePair,
  replaceValue,
  type EditResult,
  type ParsedMap,
} from "./map-edit";
import {
  readNamespacesModel,
  readSlotLabels,
  type NamespaceSlot,
  type NamespacesModel,
} from "./namespaces-model";
import { yamlDoubleQuoted, yamlKey, yamlString } from "./yaml-scalar";
import { applyEdits } from "./yaml-text";

type Step =
  | { op: "set"; key: string; value: string; where: "labels" | "annotations" }
  | { op: "remove"; key: string; where: "labels" | "annotations" };

function slotFor(model: NamespacesModel, namespace: string): NamespaceSlot | string | null {
  const found = model.slots.filter((slot) => slot.name === namespace);
  if (found.length > 1) return `namespace "${namespace}" appears ${found.length} times in the file`;
  return found[0] ?? null;
}

/** A value written where a previous one stood keeps its quote style when it can. */
function valueText(value: string, previous?: unknown): string {
  if (isScalar(previous) && (previous.type === "QUOTE_DOUBLE" || previous.type === "QUOTE_SINGLE")) {
    if (previous.type === "QUOTE_SINGLE" && /^[\x20-\x7e]*$/.test(value))
      return `'${value.replaceAll("'", "''")}'`;
    return yamlDoubleQuoted(value);
  }
  return yamlString(value);
}

/** A label already holding the value as a string (a bare `true` is a boolean Kubernetes rejects). */
function alreadyIs(node: unknown, value: string): boolean {
  return isScalar(node) && typeof node.value === "string" && node.value === value;
}

function ownerKeyEnd(owner: ParsedMap, key: string): number | undefined {
  return findPair(owner, key)?.key.range?.[1];
}

function labelEdit(text: string, model: NamespacesModel, slot: NamespaceSlot, step: Step): EditResult | null {
  const { owner } = slot;
  const labels = childMap(owner, "labels");
  const pair = labels ? findPair(labels, step.key) : undefined;
  if (step.op === "remove")
    return pair && labels ? removePair(text, labels, pair, ownerKeyEnd(owner, "labels")) : null;
  if (pair)
    return alreadyIs(pair.value, step.value)
      ? null
      : replaceValue(text, pair, valueText(step.value, pair.value));
  const added: [string, string] = [yamlKey(step.key), valueText(step.value)];
  // `labels: {}`: an empty flow mapping becomes `{key: value}`.
  if (labels) return appendPair(text, labels, ...added);
  return addChildMap(text, owner, "labels", [added], model.indentUnit);
}

function annotationEdit(text: string, slot: NamespaceSlot, step: Step): EditResult | null {
  const annotations = childMap(slot.owner, "annotations");
  const pair = annotations ? findPair(annotations, step.key) : undefined;
  if (!annotations || !pair) return null;
  if (step.op === "remove")
    return removePair(text, annotations, pair, ownerKeyEnd(slot.owner, "annotations"));
  if (alreadyIs(pair.value, step.value)) return null;
  return replaceValue(text, pair, valueText(step.value, pair.value));
}

function verify(text: string, change: SetNamespaceLabels, before: Map<string, string>): string | null {
  const read = readNamespacesModel(text);
  if (!read.ok) return `the patched file does not parse (${read.error}); nothing was changed`;
  const slot = slotFor(read.model, change.namespace);
  if (!slot || typeof slot === "string") return "the patched file lost the namespace; nothing was changed";
  const expected = new Map(before);
  for (const key of change.remove) expected.delete(key);
  for (const [key, value] of Object.entries(change.set)) expected.set(key, value);
  const actual = readSlotLabels(slot);
  const same =
    actual.size === expected.size && [...expected].every(([key, value]) => actual.get(key) === value);
  return same ? null : "the patched file does not carry the intended labels; nothing was changed";
}

/** Sets and removes labels (and their annotation twins) on one Namespace manifest of the file. */
export function patchNamespacesFile(text: string, change: SetNamespaceLabels): PatchResult {
  const problem = changeProblem(change);
  if (problem) return { ok: false, error: problem };
  const initial = readNamespacesModel(text);
  if (!initial.ok) return initial;
  const { model } = initial;
  if (model.slots.length === 0) return { ok: false, error: "the file has no Namespace manifests" };
  const found = slotFor(model, change.namespace);
  if (typeof found === "string") return { ok: false, error: found };
  if (!found) return { ok: false, error: `namespace "${change.namespace}" is not in the file` };
  const before = readSlotLabels(found);

  const steps: Step[] = [];
  for (const [key, value] of Object.entries(change.set)) {
    steps.push({ op: "set", key, value, where: "labels" }, { op: "set", key, value, where: "annotations" });
  }
  for (const key of change.remove) {
    steps.push({ op: "remove", key, where: "labels" }, { op: "remove", key, where: "annotations" });
  }

  let current = text;
  for (const step of steps) {
    const read = readNamespacesModel(current);
    if (!read.ok)
      return { ok: false, error: `an intermediate edit broke the file (${read.error}); nothing was changed` };
    const slot = slotFor(read.model, change.namespace);
    if (!slot || typeof slot === "string")
      return { ok: false, error: "an intermediate edit lost the namespace" };
    const result =
      step.where === "labels"
        ? labelEdit(current, read.model, slot, step)
        : annotationEdit(current, slot, step);
    if (!result) continue;
    if (!result.ok) return result;
    current = applyEdits(current, result.edits);
  }

  const failure = verify(current, change, before);
  if (failure) return { ok: false, error: failure };
  return { ok: true, content: current, changed: current !== text };
}
