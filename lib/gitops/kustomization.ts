// Lists a new file in a kustomization's `resources:`, keeping the file's order and comments:
// sorted insertion when the list is sorted, appended otherwise, never twice.

import { isMap, isScalar, isSeq, parseDocument, type ParsedNode, type YAMLSeq } from "yaml";
import { findPair, pairLastChar, type ParsedMap } from "./map-edit";
import type { PatchResult } from "./patch-result";
import { yamlString } from "./yaml-scalar";
import {
  applyEdits,
  columnOf,
  eolOf,
  insertLinesAfter,
  lineStartOf,
  parseErrorLine,
  type TextEdit,
} from "./yaml-text";

const RESOURCE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;

function normalise(entry: string): string {
  return entry.replace(/^\.\//, "");
}

function itemText(item: ParsedNode): string | null {
  return isScalar(item) && typeof item.value === "string" ? item.value : null;
}

function isSorted(values: string[]): boolean {
  return values.every((value, i) => i === 0 || values[i - 1]! <= value);
}

function flowEdit(text: string, seq: YAMLSeq<ParsedNode>, entry: string, sorted: boolean): TextEdit {
  const [start, end] = seq.range!;
  const items = seq.items.map((item) => text.slice(item.range![0], item.range![1]));
  const values = seq.items.map((item) => normalise(itemText(item) ?? ""));
  const at = sorted ? values.findIndex((value) => value > entry) : -1;
  items.splice(at < 0 ? items.length : at, 0, entry);
  return { start, end, text: `[${items.join(", ")}]` };
}

/** Adds `- <fileName>` to `resources:`; `changed` is false when it is already listed. */
export function addToKustomization(text: string, fileName: string): PatchResult {
  if (!RESOURCE_FILE.test(fileName) || fileName.includes("..")) {
    return { ok: false, error: `"${fileName}" is not a plain YAML file name` };
  }
  const doc = parseDocument(text);
  const error = parseErrorLine(doc);
  if (error !== null) return { ok: false, error: `kustomization.yaml is not valid YAML: ${error}` };
  if (!isMap(doc.contents)) return { ok: false, error: "kustomization.yaml is not a mapping" };
  const root = doc.contents as ParsedMap;
  const entry = yamlString(fileName);
  const pair = findPair(root, "resources");

  if (!pair) {
    const last = root.items[root.items.length - 1];
    if (!last) return { ok: false, error: "kustomization.yaml is empty" };
    const edit = insertLinesAfter(text, pairLastChar(last), ["resources:", `  - ${entry}`]);
    return { ok: true, content: applyEdits(text, [edit]), changed: true };
  }
  if (isScalar(pair.value) && pair.value.value === null && !pair.value.source) {
    const edit = insertLinesAfter(text, pair.key.range![1], [`  - ${entry}`]);
    return { ok: true, content: applyEdits(text, [edit]), changed: true };
  }
  if (!isSeq(pair.value)) return { ok: false, error: "resources: in kustomization.yaml is not a list" };
  const seq = pair.value as YAMLSeq<ParsedNode>;
  const values = seq.items.map((item) => itemText(item));
  if (values.some((value) => value !== null && normalise(value) === fileName)) {
    return { ok: true, content: text, changed: false };
  }
  const plain = values.map((value) => normalise(value ?? ""));
  const sorted = values.every((value) => value !== null) && isSorted(plain);
  if (seq.flow)
    return { ok: true, content: applyEdits(text, [flowEdit(text, seq, entry, sorted)]), changed: true };

  const first = seq.items[0];
  const last = seq.items[seq.items.length - 1];
  if (!first?.range || !last?.range) return { ok: false, error: "resources: is an empty block list" };
  const dash = text.slice(lineStartOf(text, first.range[0]), first.range[0]);
  const line = `${/^ *- *$/.test(dash) ? dash : `${" ".repeat(columnOf(text, first.range[0]) - 2)}- `}${entry}`;
  const nextIndex = sorted ? plain.findIndex((value) => value > fileName) : -1;
  let edit: TextEdit;
  if (nextIndex === 0) {
    const at = lineStartOf(text, first.range[0]);
    edit = { start: at, end: at, text: line + eolOf(text) };
  } else {
    const previous = nextIndex > 0 ? seq.items[nextIndex - 1]! : last;
    edit = insertLinesAfter(text, Math.max(previous.range![0], previous.range![1] - 1), [line]);
  }
  return { ok: true, content: applyEdits(text, [edit]), changed: true };
}
