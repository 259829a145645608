// The edits of one ResourceSet input that might make its template write (or stop writing) a
// namespace label: change an input field's value, flip a boolean flag, set a key in a map the
// template might copy, or add a field its sibling inputs have. Nothing here knows what the
// template does; each candidate is rendered and only one whose render is exactly the intended
// change survives (lib/gitops/prove-patch.ts).

import { isMap, isScalar, isSeq, parseAllDocuments, type ParsedNode, type YAMLSeq } from "yaml";
import {
  appendPair,
  childMap,
  findPair,
  pairKey,
  removePair,
  replaceValue,
  scalarString,
  type ParsedMap,
} from "./map-edit";
import { yamlKey, yamlString } from "./yaml-scalar";
import { applyEdits, parseErrorLine } from "./yaml-text";

export interface LabelOperation {
  namespace: string;
  key: string;
  /** undefined: remove the label. */
  value: string | undefined;
}

export interface TextCandidate {
  /** "set inputs[2].network.profile to standard" */
  description: string;
  text: string;
}

type Path = string[];

interface Leaf {
  path: Path;
  node: ParsedNode;
  /** The mapping holding the leaf's pair. */
  owner: ParsedMap;
}

/** What `pick` finds in each value under `map` that is not itself a mapping, walking nested ones. */
function walk<T>(
  map: ParsedMap,
  pick: (value: ParsedMap["items"][number]["value"], path: Path, owner: ParsedMap) => T | null,
  prefix: Path = [],
): T[] {
  return map.items.flatMap((pair) => {
    const key = pairKey(pair);
    if (key === null) return [];
    const path = [...prefix, key];
    if (isMap(pair.value)) return walk(pair.value as ParsedMap, pick, path);
    const found = pick(pair.value, path, map);
    return found === null ? [] : [found];
  });
}

function leaves(map: ParsedMap): Leaf[] {
  return walk(map, (value, path, owner) => (value && isScalar(value) ? { path, node: value, owner } : null));
}

interface ScalarList {
  path: Path;
  seq: YAMLSeq<ParsedNode>;
}

function listsOf(map: ParsedMap): ScalarList[] {
  return walk(map, (value, path) =>
    isSeq(value) && value.items.every((item) => isScalar(item))
      ? { path, seq: value as YAMLSeq<ParsedNode> }
      : null,
  );
}

/** The list with `value` appended (or every item equal to it removed), as a text edit. */
function listEdit(text: string, list: ScalarList, value: string, op: "add" | "remove"): string | null {
  const [start, end] = list.seq.range ?? [0, 0, 0];
  const items = list.seq.items.map((item) => scalarString(item) ?? "");
  if (list.seq.flow) {
    const next = op === "add" ? [...items, value] : items.filter((item) => item !== value);
    return applyEdits(text, [{ start, end, text: `[${next.map(yamlString).join(", ")}]` }]);
  }
  if (op === "remove") {
    const item = list.seq.items.find((node) => scalarString(node) === value);
    if (!item?.range) return null;
    const lineStart = text.lastIndexOf("\n", item.range[0] - 1) + 1;
    const lineEnd = text.indexOf("\n", item.range[1]);
    return applyEdits(text, [{ start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, text: "" }]);
  }
  const last = list.seq.items[list.seq.items.length - 1];
  if (!last?.range) return null;
  const lineStart = text.lastIndexOf("\n", last.range[0] - 1) + 1;
  const dash = text.slice(lineStart, last.range[0]);
  const lineEnd = text.indexOf("\n", last.range[1]);
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  return applyEdits(text, [{ start: at, end: at, text: `${dash}${yamlString(value)}\n` }]);
}

/** `labels: {}` becomes a block mapping holding the pair, in the file's block style. */
function fillEmptyFlowMap(text: string, map: ParsedMap, keyText: string, valueText: string): string | null {
  const range = (map as unknown as ParsedNode).range;
  if (!range) return null;
  const lineStart = text.lastIndexOf("\n", range[0] - 1) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0].length;
  let start = range[0];
  while (start > lineStart && text[start - 1] === " ") start -= 1;
  return applyEdits(text, [
    { start, end: range[1], text: `\n${" ".repeat(indent + 2)}${keyText}: ${valueText}` },
  ]);
}

function mapsOf(map: ParsedMap, prefix: Path = []): Array<{ path: Path; map: ParsedMap }> {
  return map.items.flatMap((pair) => {
    const key = pairKey(pair);
    if (key === null || !isMap(pair.value)) return [];
    const path = [...prefix, key];
    return [{ path, map: pair.value as ParsedMap }, ...mapsOf(pair.value as ParsedMap, path)];
  });
}

function mapAt(map: ParsedMap, path: Path): ParsedMap | null {
  let current: ParsedMap | null = map;
  for (const key of path) current = current ? childMap(current, key) : null;
  return current;
}

const describePath = (path: Path) => path.join(".");

function edited(text: string, result: ReturnType<typeof replaceValue>): string | null {
  return result.ok ? applyEdits(text, result.edits) : null;
}

function booleanLike(node: ParsedNode | undefined): boolean {
  return isScalar(node) && typeof node.value === "boolean";
}

/** The input list of the ResourceSet named `name` (any when null) in `text`. */
export function resourceSetInputs(text: string, name: string | null): YAMLSeq<ParsedNode> | string {
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    const error = parseErrorLine(doc);
    if (error !== null) return `the file is not valid YAML: ${error}`;
    const root = doc.contents;
    if (!isMap(root)) continue;
    const map = root as ParsedMap;
    if (scalarString(findPair(map, "kind")?.value) !== "ResourceSet") continue;
    const metadata = childMap(map, "metadata");
    const own = metadata ? scalarString(findPair(metadata, "name")?.value) : undefined;
    if (name !== null && own !== name) continue;
    const inputs = childMap(map, "spec") ? findPair(childMap(map, "spec")!, "inputs")?.value : undefined;
    if (!isSeq(inputs)) return `ResourceSet ${own ?? "?"} has no spec.inputs list`;
    return inputs as YAMLSeq<ParsedNode>;
  }
  return name === null ? "the file has no ResourceSet" : `the file has no ResourceSet named ${name}`;
}

/**
 * Candidate edits of input `index` of the ResourceSet `resourceSetName` in `text` for `op`, most
 * plausible first: edits of fields the input has, then keys of its maps, then fields only its
 * siblings have.
 */
export function inputEditCandidates(
  text: string,
  resourceSetName: string | null,
  index: number,
  op: LabelOperation,
): TextCandidate[] | string {
  const inputs = resourceSetInputs(text, resourceSetName);
  if (typeof inputs === "string") return inputs;
  const input = inputs.items[index];
  if (!isMap(input)) return `input ${index + 1} of the ResourceSet is not a mapping`;
  const entry = input as ParsedMap;
  const where = `inputs[${index}]`;
  const out: TextCandidate[] = [];
  const push = (description: string, next: string | null) => {
    if (next !== null && next !== text && !out.some((c) => c.text === next))
      out.push({ description, text: next });
  };

  const own = leaves(entry);
  for (const leaf of own) {
    if (leaf.path.length === 1 && (leaf.path[0] === "name" || leaf.path[0] === "id")) continue;
    const pair = findPair(leaf.owner, leaf.path[leaf.path.length - 1]!)!;
    const name = `${where}.${describePath(leaf.path)}`;
    if (op.value !== undefined) {
      if (booleanLike(leaf.node) && (op.value === "true" || op.value === "false"))
        push(`set ${name} to ${op.value}`, edited(text, replaceValue(text, pair, op.value)));
      if (booleanLike(leaf.node) && scalarString(leaf.node) !== "true")
        push(`set ${name} to true`, edited(text, replaceValue(text, pair, "true")));
      push(`set ${name} to "${op.value}"`, edited(text, replaceValue(text, pair, yamlString(op.value))));
    } else {
      if (booleanLike(leaf.node) && scalarString(leaf.node) === "true")
        push(`set ${name} to false`, edited(text, replaceValue(text, pair, "false")));
      push(`remove ${name}`, edited(text, removePair(text, leaf.owner, pair)));
    }
  }

  for (const { path, map } of mapsOf(entry)) {
    const name = `${where}.${describePath(path)}`;
    const existing = findPair(map, op.key);
    if (op.value === undefined) {
      if (existing) push(`remove ${op.key} from ${name}`, edited(text, removePair(text, map, existing)));
    } else if (existing) {
      push(`set ${op.key} in ${name}`, edited(text, replaceValue(text, existing, yamlString(op.value))));
    } else if (map.items.length > 0 || map.flow) {
      const added =
        map.flow && map.items.length === 0
          ? fillEmptyFlowMap(text, map, yamlKey(op.key), yamlString(op.value))
          : edited(text, appendPair(text, map, yamlKey(op.key), yamlString(op.value)));
      push(`add ${op.key} to ${name}`, added);
    }
  }

  // A list the template ranges over may turn each item into a label: `shared: [dragonfly]`.
  const itemValues = [
    ...new Set([op.key.slice(op.key.lastIndexOf("/") + 1), ...(op.value ? [op.value] : [])]),
  ];
  for (const list of listsOf(entry)) {
    const name = `${where}.${describePath(list.path)}`;
    const items = list.seq.items.map((item) => scalarString(item));
    for (const value of itemValues) {
      if (op.value !== undefined && !items.includes(value))
        push(`add ${value} to ${name}`, listEdit(text, list, value, "add"));
      if (op.value === undefined && items.includes(value))
        push(`remove ${value} from ${name}`, listEdit(text, list, value, "remove"));
    }
  }

  if (op.value !== undefined) {
    const ownPaths = new Set(own.map((leaf) => describePath(leaf.path)));
    for (const sibling of inputs.items) {
      if (sibling === input || !isMap(sibling)) continue;
      for (const leaf of leaves(sibling as ParsedMap)) {
        if (ownPaths.has(describePath(leaf.path))) continue;
        const parent = mapAt(entry, leaf.path.slice(0, -1));
        if (!parent || parent.items.length === 0) continue;
        const key = yamlKey(leaf.path[leaf.path.length - 1]!);
        const name = `${where}.${describePath(leaf.path)}`;
        if (booleanLike(leaf.node))
          push(`add ${name}: true`, edited(text, appendPair(text, parent, key, "true")));
        else
          push(
            `add ${name}: "${op.value}"`,
            edited(text, appendPair(text, parent, key, yamlString(op.value))),
          );
      }
    }
  }
  return out;
}
