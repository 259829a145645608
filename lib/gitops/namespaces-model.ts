// Reads a file of `kind: Namespace` manifests (or a `kind: List` of them) and finds, for each
// namespace, the `metadata` mapping that holds its labels. Namespaces a ResourceSet templates are
// edited through its inputs instead (lib/gitops/input-edit-candidates.ts), judged by rendering.

import { isMap, isSeq, parseAllDocuments } from "yaml";
import { childMap, findPair, pairKey, scalarString, type ParsedMap } from "./map-edit";
import { columnOf, parseErrorLine } from "./yaml-text";

/** Where one namespace keeps its labels. */
export interface NamespaceSlot {
  name: string;
  /** The manifest's `metadata`. */
  owner: ParsedMap;
}

export interface NamespacesModel {
  slots: NamespaceSlot[];
  /** The file's nested-mapping indentation step. */
  indentUnit: number;
}

export type ModelResult = { ok: true; model: NamespacesModel } | { ok: false; error: string };

function parseDocs(text: string) {
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    const error = parseErrorLine(doc);
    if (error !== null) return { ok: false as const, error: `the file is not valid YAML: ${error}` };
  }
  return { ok: true as const, docs: docs.filter((doc) => doc.contents !== null) };
}

function asMap(node: unknown): ParsedMap | null {
  return isMap(node) ? (node as ParsedMap) : null;
}

function kindOf(map: ParsedMap): string | undefined {
  return scalarString(findPair(map, "kind")?.value);
}

function namespaceManifestSlots(map: ParsedMap): NamespaceSlot[] {
  if (kindOf(map) === "Namespace") {
    const metadata = childMap(map, "metadata");
    const name = metadata ? scalarString(findPair(metadata, "name")?.value) : undefined;
    return metadata && name !== undefined ? [{ name, owner: metadata }] : [];
  }
  if (kindOf(map) === "List" || kindOf(map) === "NamespaceList") {
    const items = findPair(map, "items")?.value;
    return isSeq(items)
      ? items.items.flatMap((item) => {
          const entry = asMap(item);
          return entry ? namespaceManifestSlots(entry) : [];
        })
      : [];
  }
  return [];
}

/** The indentation step of the first nested block mapping in the file; 2 when there is none. */
function detectIndentUnit(text: string, roots: unknown[]): number {
  const visit = (node: unknown): number | null => {
    if (isMap(node) && !(node as ParsedMap).flow) {
      for (const pair of (node as ParsedMap).items) {
        const child = asMap(pair.value);
        const first = child?.items[0];
        if (child && !child.flow && first?.key.range && pair.key.range) {
          const step = columnOf(text, first.key.range[0]) - columnOf(text, pair.key.range[0]);
          if (step > 0) return step;
        }
        const found = visit(pair.value);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const found = visit(item);
        if (found) return found;
      }
    }
    return null;
  };
  for (const root of roots) {
    const found = visit(root);
    if (found) return found;
  }
  return 2;
}

/** Parses the file and finds every Namespace manifest in it. */
export function readNamespacesModel(text: string): ModelResult {
  const parsed = parseDocs(text);
  if (!parsed.ok) return parsed;
  const roots = parsed.docs.map((doc) => doc.contents);
  const slots = roots.flatMap((root) => {
    const map = asMap(root);
    return map ? namespaceManifestSlots(map) : [];
  });
  return { ok: true, model: { slots, indentUnit: detectIndentUnit(text, roots) } };
}

/** The labels a Namespace manifest sets. */
export function readSlotLabels(slot: NamespaceSlot): Map<string, string> {
  const labels = new Map<string, string>();
  for (const pair of childMap(slot.owner, "labels")?.items ?? []) {
    const key = pairKey(pair);
    const value = scalarString(pair.value);
    if (key !== null && value !== undefined) labels.set(key, value);
  }
  return labels;
}
