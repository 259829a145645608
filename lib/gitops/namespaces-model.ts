// Reads a GitOps namespaces file in whichever shape the repository uses and finds, for each
// namespace, the mapping that holds its labels. Shapes understood:
//   namespace-manifests  `kind: Namespace` documents (or a `kind: List` of them)
//   name-list            `- name: x / labels: …` entries, top level or under a key
//   flux-resourceset     a Flux Operator ResourceSet whose `spec.inputs` are such entries
// ResourceSet inputs may hold labels in a `labels:` map, as flattened keys on the entry, or in
// fields the template renders into labels (`network-policy.homelab/profile: << inputs.profile >>`).

import { isMap, isScalar, isSeq, parseAllDocuments, type ParsedNode, type YAMLSeq } from "yaml";
import { childMap, findPair, pairKey, scalarString, type ParsedMap } from "./map-edit";
import { columnOf } from "./yaml-text";

export type NamespacesFileShape =
  "namespace-manifests" | "name-list" | "flux-resourceset" | "empty" | "unknown";

/** Where one namespace keeps its labels. */
export interface NamespaceSlot {
  name: string;
  /** `metadata` of a Namespace manifest, or the list entry itself. */
  owner: ParsedMap;
  /** Labels written directly on the entry (`- name: x / network-policy.homelab/profile: y`). */
  flattened: boolean;
}

export interface NamespacesModel {
  shape: NamespacesFileShape;
  slots: NamespaceSlot[];
  /** The list new entries are appended to (list shapes only). */
  list: YAMLSeq<ParsedNode> | null;
  /** Label key → ResourceSet input field the template renders it from. */
  templateFields: ReadonlyMap<string, string>;
  /** The file's nested-mapping indentation step. */
  indentUnit: number;
  /** How entries without labels should get them. */
  newLabelStyle: "labels-map" | "flattened";
}

export type ModelResult = { ok: true; model: NamespacesModel } | { ok: false; error: string };

const ENTRY_KEYS = new Set(["name", "namespace", "labels", "annotations"]);
const TEMPLATE_FIELD = /^<<-?\s*inputs\.([A-Za-z_][A-Za-z0-9_]*)\b[^>]*>>$/;
const TEMPLATE_LINE =
  /^\s*["']?([A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+)["']?\s*:\s*["']?<<-?\s*inputs\.([A-Za-z_][A-Za-z0-9_]*)\b/gm;

/** A direct key of a list entry that is a label rather than the entry's own field. */
export function isFlattenedLabelKey(key: string): boolean {
  return key.includes("/") && !ENTRY_KEYS.has(key);
}

function parseDocs(text: string) {
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first)
      return { ok: false as const, error: `the file is not valid YAML: ${first.message.split("\n")[0]}` };
  }
  return { ok: true as const, docs: docs.filter((doc) => doc.contents !== null) };
}

function asMap(node: unknown): ParsedMap | null {
  return isMap(node) ? (node as ParsedMap) : null;
}

function kindOf(map: ParsedMap): string | undefined {
  return scalarString(findPair(map, "kind")?.value);
}

function isResourceSet(map: ParsedMap): boolean {
  const apiVersion = scalarString(findPair(map, "apiVersion")?.value) ?? "";
  return kindOf(map) === "ResourceSet" && apiVersion.startsWith("fluxcd.controlplane.io/");
}

function entryName(entry: ParsedMap): string | undefined {
  return scalarString(findPair(entry, "name")?.value) ?? scalarString(findPair(entry, "namespace")?.value);
}

function isNameEntryList(node: unknown): node is YAMLSeq<ParsedNode> {
  return (
    isSeq(node) &&
    node.items.length > 0 &&
    node.items.every((item) => {
      const map = asMap(item);
      return map !== null && entryName(map) !== undefined;
    })
  );
}

function listSlots(list: YAMLSeq<ParsedNode>): NamespaceSlot[] {
  return list.items.flatMap((item) => {
    const entry = asMap(item);
    const name = entry ? entryName(entry) : undefined;
    if (!entry || name === undefined) return [];
    const flattened = entry.items.some((pair) => isFlattenedLabelKey(pairKey(pair) ?? ""));
    return [{ name, owner: entry, flattened }];
  });
}

function collectTemplateFields(node: unknown, underLabels: boolean, out: Map<string, string>): void {
  if (isMap(node)) {
    for (const pair of (node as ParsedMap).items) {
      const key = pairKey(pair);
      const value = pair.value;
      if (underLabels && key && isScalar(value) && typeof value.value === "string") {
        const match = TEMPLATE_FIELD.exec(value.value.trim());
        if (match?.[1] && !ENTRY_KEYS.has(match[1])) out.set(key, match[1]);
      }
      collectTemplateFields(value, key === "labels" || key === "annotations", out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectTemplateFields(item, false, out);
  }
}

function resourceSetTemplateFields(resourceSet: ParsedMap): Map<string, string> {
  const fields = new Map<string, string>();
  const spec = childMap(resourceSet, "spec");
  if (!spec) return fields;
  collectTemplateFields(findPair(spec, "resources")?.value, false, fields);
  const template = scalarString(findPair(spec, "resourcesTemplate")?.value);
  if (template) {
    for (const match of template.matchAll(TEMPLATE_LINE)) {
      if (match[1] && match[2] && !ENTRY_KEYS.has(match[2])) fields.set(match[1], match[2]);
    }
  }
  return fields;
}

function namespaceManifestSlots(map: ParsedMap): NamespaceSlot[] {
  if (kindOf(map) === "Namespace") {
    const metadata = childMap(map, "metadata");
    const name = metadata ? scalarString(findPair(metadata, "name")?.value) : undefined;
    return metadata && name !== undefined ? [{ name, owner: metadata, flattened: false }] : [];
  }
  if (kindOf(map) === "List" || kindOf(map) === "NamespaceList") {
    const items = findPair(map, "items")?.value;
    return isSeq(items)
      ? items.items.flatMap((item) => (asMap(item) ? namespaceManifestSlots(asMap(item)!) : []))
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

function styleOf(slots: NamespaceSlot[]): "labels-map" | "flattened" {
  const withMap = slots.some((slot) => findPair(slot.owner, "labels"));
  return !withMap && slots.some((slot) => slot.flattened) ? "flattened" : "labels-map";
}

/** Parses the file and finds every namespace in it. */
export function readNamespacesModel(text: string): ModelResult {
  const parsed = parseDocs(text);
  if (!parsed.ok) return parsed;
  const roots = parsed.docs.map((doc) => doc.contents);
  const indentUnit = detectIndentUnit(text, roots);
  const base = { indentUnit, templateFields: new Map<string, string>(), list: null };
  if (roots.length === 0)
    return { ok: true, model: { ...base, shape: "empty", slots: [], newLabelStyle: "labels-map" } };

  const resourceSets = roots.map(asMap).filter((map): map is ParsedMap => map !== null && isResourceSet(map));
  if (resourceSets.length > 0) {
    const slots: NamespaceSlot[] = [];
    const templateFields = new Map<string, string>();
    let list: YAMLSeq<ParsedNode> | null = null;
    for (const resourceSet of resourceSets) {
      const inputs = findPair(childMap(resourceSet, "spec") ?? resourceSet, "inputs")?.value;
      if (!isSeq(inputs)) continue;
      list ??= inputs as YAMLSeq<ParsedNode>;
      slots.push(...listSlots(inputs as YAMLSeq<ParsedNode>));
      for (const [label, field] of resourceSetTemplateFields(resourceSet)) templateFields.set(label, field);
    }
    return {
      ok: true,
      model: {
        ...base,
        shape: "flux-resourceset",
        slots,
        list,
        templateFields,
        newLabelStyle: styleOf(slots),
      },
    };
  }

  const manifestSlots = roots.flatMap((root) => (asMap(root) ? namespaceManifestSlots(asMap(root)!) : []));
  if (manifestSlots.length > 0) {
    return {
      ok: true,
      model: { ...base, shape: "namespace-manifests", slots: manifestSlots, newLabelStyle: "labels-map" },
    };
  }

  for (const root of roots) {
    let list: YAMLSeq<ParsedNode> | null = isNameEntryList(root) ? root : null;
    const map = asMap(root);
    if (!list && map) {
      const preferred = findPair(map, "namespaces")?.value;
      const candidate = isNameEntryList(preferred)
        ? preferred
        : map.items.map((pair) => pair.value).find((value) => isNameEntryList(value));
      list = (candidate as YAMLSeq<ParsedNode> | undefined) ?? null;
    }
    if (list) {
      const slots = listSlots(list);
      return { ok: true, model: { ...base, shape: "name-list", slots, list, newLabelStyle: styleOf(slots) } };
    }
  }
  return { ok: true, model: { ...base, shape: "unknown", slots: [], newLabelStyle: "labels-map" } };
}

/** Which of the known shapes the namespaces file has ("unknown" also for invalid YAML). */
export function detectNamespacesFileShape(text: string): NamespacesFileShape {
  const result = readNamespacesModel(text);
  return result.ok ? result.model.shape : "unknown";
}

/** The labels a namespace's entry sets, however the file stores them. */
export function readSlotLabels(
  slot: NamespaceSlot,
  templateFields: ReadonlyMap<string, string>,
): Map<string, string> {
  const labels = new Map<string, string>();
  const labelMap = childMap(slot.owner, "labels");
  for (const pair of labelMap?.items ?? []) {
    const key = pairKey(pair);
    const value = scalarString(pair.value);
    if (key !== null && value !== undefined) labels.set(key, value);
  }
  for (const pair of slot.owner.items) {
    const key = pairKey(pair);
    const value = scalarString(pair.value);
    if (key !== null && value !== undefined && isFlattenedLabelKey(key)) labels.set(key, value);
  }
  for (const [label, field] of templateFields) {
    const value = scalarString(findPair(slot.owner, field)?.value);
    if (value !== undefined) labels.set(label, value);
  }
  return labels;
}
