// Patches the namespaces file of a GitOps repository: sets and removes labels on one namespace,
// in the file's own shape, keeping its comments, order and formatting. One label (and its
// annotation twin) is edited per step and the file re-parsed between steps; the result is
// re-read at the end and must carry exactly the requested labels.

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
  scalarString,
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
import { applyEdits, columnOf, eolOf, insertLinesAfter, lineStartOf, type TextEdit } from "./yaml-text";

export type { PatchResult };

export interface NamespacesPatchOptions {
  /** Append an entry for a namespace the file does not list yet (in the file's shape). */
  createMissing?: boolean;
}

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
  const field = model.templateFields.get(step.key);
  const labels = childMap(owner, "labels");
  const inMap = labels ? findPair(labels, step.key) : undefined;
  const direct = findPair(owner, step.key);
  const templated = field !== undefined ? findPair(owner, field) : undefined;

  if (step.op === "remove") {
    if (inMap && labels) return removePair(text, labels, inMap, ownerKeyEnd(owner, "labels"));
    if (direct) return removePair(text, owner, direct);
    if (templated) {
      return {
        ok: false,
        error: `label ${step.key} is rendered from inputs.${field} by the ResourceSet template; remove it by hand`,
      };
    }
    return null;
  }
  if (inMap)
    return alreadyIs(inMap.value, step.value)
      ? null
      : replaceValue(text, inMap, valueText(step.value, inMap.value));
  if (direct)
    return alreadyIs(direct.value, step.value)
      ? null
      : replaceValue(text, direct, valueText(step.value, direct.value));
  if (templated) {
    // Template inputs may be typed (`postgres: true`); the rendered label is the same string.
    if (scalarString(templated.value) === step.value) return null;
    return replaceValue(text, templated, valueText(step.value, templated.value));
  }
  if (field !== undefined) return appendPair(text, owner, yamlKey(field), valueText(step.value));
  const pair: [string, string] = [yamlKey(step.key), valueText(step.value)];
  if (labels && labels.items.length > 0) return appendPair(text, labels, ...pair);
  const flattened = slot.flattened || (model.newLabelStyle === "flattened" && !findPair(owner, "labels"));
  if (flattened) return appendPair(text, owner, ...pair);
  if (labels) {
    // `labels: {}`: an empty flow mapping becomes `{key: value}`.
    return appendPair(text, labels, ...pair);
  }
  return addChildMap(text, owner, "labels", [pair], model.indentUnit);
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

function newEntryLines(text: string, model: NamespacesModel, change: SetNamespaceLabels): string[] | string {
  const unit = " ".repeat(model.indentUnit);
  const labels = Object.entries(change.set);
  if (model.shape === "namespace-manifests" || model.shape === "empty") {
    const lines = [
      "apiVersion: v1",
      "kind: Namespace",
      "metadata:",
      `${unit}name: ${yamlString(change.namespace)}`,
    ];
    if (labels.length > 0) lines.push(`${unit}labels:`);
    for (const [key, value] of labels) lines.push(`${unit}${unit}${yamlKey(key)}: ${valueText(value)}`);
    return lines;
  }
  const list = model.list;
  const first = list?.items[0];
  if (!list || list.flow || !first?.range)
    return "the list of namespaces is empty or inline; add the namespace by hand";
  const dash = text.slice(lineStartOf(text, first.range[0]), first.range[0]);
  const cont = " ".repeat(columnOf(text, first.range[0]));
  const lines = [`${dash}name: ${yamlString(change.namespace)}`];
  const fields = labels.filter(([key]) => model.templateFields.has(key));
  const rest = labels.filter(([key]) => !model.templateFields.has(key));
  for (const [key, value] of fields)
    lines.push(`${cont}${yamlKey(model.templateFields.get(key)!)}: ${valueText(value)}`);
  const missing = [...model.templateFields]
    .filter(([label]) => !Object.hasOwn(change.set, label))
    .map(([, field]) => field);
  if (missing.length > 0) {
    return `the ResourceSet template also needs inputs ${missing.join(", ")}; add the namespace by hand`;
  }
  if (rest.length > 0 && model.newLabelStyle === "labels-map") lines.push(`${cont}labels:`);
  const labelIndent = model.newLabelStyle === "labels-map" ? cont + unit : cont;
  for (const [key, value] of rest) lines.push(`${labelIndent}${yamlKey(key)}: ${valueText(value)}`);
  return lines;
}

function appendNamespace(text: string, model: NamespacesModel, change: SetNamespaceLabels): PatchResult {
  const lines = newEntryLines(text, model, change);
  if (typeof lines === "string") return { ok: false, error: lines };
  let edit: TextEdit;
  if (model.shape === "namespace-manifests" || model.shape === "empty") {
    const eol = eolOf(text);
    const trimmed = text.trimEnd();
    const separator = trimmed === "" || trimmed.endsWith("---") ? [] : ["---"];
    const lead = text === "" || text.endsWith("\n") ? "" : eol;
    edit = {
      start: text.length,
      end: text.length,
      text: lead + [...separator, ...lines].map((l) => l + eol).join(""),
    };
  } else {
    const last = model.list?.items[model.list.items.length - 1];
    if (!last?.range)
      return { ok: false, error: "the list of namespaces is empty; add the namespace by hand" };
    edit = insertLinesAfter(text, Math.max(last.range[0], last.range[1] - 1), lines);
  }
  return { ok: true, content: applyEdits(text, [edit]), changed: true };
}

function verify(text: string, change: SetNamespaceLabels, before: Map<string, string>): string | null {
  const read = readNamespacesModel(text);
  if (!read.ok) return `the patched file does not parse (${read.error}); nothing was changed`;
  const slot = slotFor(read.model, change.namespace);
  if (!slot || typeof slot === "string") return "the patched file lost the namespace; nothing was changed";
  const expected = new Map(before);
  for (const key of change.remove) expected.delete(key);
  for (const [key, value] of Object.entries(change.set)) expected.set(key, value);
  const actual = readSlotLabels(slot, read.model.templateFields);
  const same =
    actual.size === expected.size && [...expected].every(([key, value]) => actual.get(key) === value);
  return same ? null : "the patched file does not carry the intended labels; nothing was changed";
}

/** Sets and removes labels on one namespace in a namespaces file of any supported shape. */
export function patchNamespacesFile(
  text: string,
  change: SetNamespaceLabels,
  options: NamespacesPatchOptions = {},
): PatchResult {
  const problem = changeProblem(change);
  if (problem) return { ok: false, error: problem };
  const initial = readNamespacesModel(text);
  if (!initial.ok) return initial;
  const { model } = initial;
  if (model.shape === "unknown") {
    return {
      ok: false,
      error: "the namespaces file has no Namespace manifests, name list or Flux ResourceSet inputs",
    };
  }
  const found = slotFor(model, change.namespace);
  if (typeof found === "string") return { ok: false, error: found };
  if (!found) {
    if (options.createMissing) {
      const appended = appendNamespace(text, model, change);
      if (!appended.ok) return appended;
      const failure = verify(appended.content, change, new Map());
      return failure ? { ok: false, error: failure } : appended;
    }
    return {
      ok: false,
      error: `namespace "${change.namespace}" is not in the namespaces file (${model.shape})`,
    };
  }
  const before = readSlotLabels(found, model.templateFields);

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
