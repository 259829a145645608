// Edits of one YAML mapping node expressed as text edits on the original source: replace a value,
// remove a pair, append a pair, or give a mapping a new child mapping. Block mappings are edited
// line by line in their own indentation; flow mappings (`{a: b}`) are rewritten on one line.

import { isMap, isScalar, type Pair, type ParsedNode, type YAMLMap } from "yaml";
import {
  columnOf,
  insertLinesAfter,
  lineEndAfter,
  lineStartOf,
  startsLine,
  type TextEdit,
} from "./yaml-text";

export type EditResult = { ok: true; edits: TextEdit[] } | { ok: false; error: string };

type ParsedPair = Pair<ParsedNode, ParsedNode | null>;
export type ParsedMap = YAMLMap<ParsedNode, ParsedNode | null>;

export function pairKey(pair: ParsedPair): string | null {
  return isScalar(pair.key) ? String(pair.key.value) : null;
}

export function findPair(map: ParsedMap, key: string): ParsedPair | undefined {
  return map.items.find((pair) => pairKey(pair) === key);
}

/** The mapping under `key`, or null when the key is absent or holds something else. */
export function childMap(map: ParsedMap, key: string): ParsedMap | null {
  const value = findPair(map, key)?.value;
  return isMap(value) ? (value as ParsedMap) : null;
}

export function scalarString(node: ParsedNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

function rangeOf(node: ParsedNode): [number, number, number] {
  if (!node.range) throw new Error("YAML node without a source range");
  return node.range;
}

function pairStart(pair: ParsedPair): number {
  return rangeOf(pair.key)[0];
}

/** Where the pair's text ends, before any trailing comment. */
function pairValueEnd(pair: ParsedPair): number {
  const key = rangeOf(pair.key);
  if (!pair.value) return key[1];
  const value = rangeOf(pair.value);
  return Math.max(key[1], value[1]);
}

/** The offset of the last character of the pair, for "the line this pair ends on". */
export function pairLastChar(pair: ParsedPair): number {
  return Math.max(rangeOf(pair.key)[0], pairValueEnd(pair) - 1);
}

function hasComments(map: ParsedMap): boolean {
  return map.items.some(
    (pair) =>
      Boolean((pair.key as { commentBefore?: string; comment?: string }).commentBefore) ||
      Boolean((pair.key as { comment?: string }).comment) ||
      Boolean(pair.value && (pair.value.commentBefore || pair.value.comment)),
  );
}

/** Replaces the value of an existing pair, in place. */
export function replaceValue(text: string, pair: ParsedPair, valueText: string): EditResult {
  if (!pair.value || (isScalar(pair.value) && pair.value.source === "" && pair.value.value === null)) {
    const colon = text.indexOf(":", rangeOf(pair.key)[1]);
    if (colon < 0) return { ok: false, error: "cannot find the ':' after a key" };
    return { ok: true, edits: [{ start: colon + 1, end: colon + 1, text: ` ${valueText}` }] };
  }
  if (!isScalar(pair.value))
    return { ok: false, error: `"${pairKey(pair)}" holds a collection, not a value` };
  const [start, end] = rangeOf(pair.value);
  if (/^[|>]/.test(text.slice(start, end))) {
    return { ok: false, error: `"${pairKey(pair)}" is a block scalar; edit it by hand` };
  }
  return { ok: true, edits: [{ start, end, text: valueText }] };
}

function flowRewrite(text: string, map: ParsedMap, pairs: Array<[string, string]>): EditResult {
  if (hasComments(map)) return { ok: false, error: "a flow mapping with comments cannot be edited safely" };
  const [start, end] = rangeOf(map as unknown as ParsedNode);
  const source = text.slice(start, end);
  const pad = /^\{\s/.test(source) && pairs.length > 0 ? " " : "";
  const body = pairs.map(([k, v]) => `${k}: ${v}`).join(", ");
  return { ok: true, edits: [{ start, end, text: `{${pad}${body}${pad}}` }] };
}

function flowPairs(text: string, map: ParsedMap): Array<[string, string]> {
  return map.items.map((pair) => {
    const key = rangeOf(pair.key);
    const value = pair.value ? rangeOf(pair.value) : null;
    return [text.slice(key[0], key[1]), value ? text.slice(value[0], value[1]) : ""];
  });
}

/**
 * Removes a pair. `ownerKeyEnd` is where the key owning this mapping ends (`labels` in
 * `labels:`); when the last pair goes, the owner is left as `labels: {}` rather than null.
 */
export function removePair(text: string, map: ParsedMap, pair: ParsedPair, ownerKeyEnd?: number): EditResult {
  if (map.flow) {
    const keep = map.items.filter((p) => p !== pair);
    const all = flowPairs(text, map);
    return flowRewrite(
      text,
      map,
      all.filter((_, i) => keep.includes(map.items[i]!)),
    );
  }
  const start = pairStart(pair);
  if (!startsLine(text, start)) {
    return { ok: false, error: `"${pairKey(pair)}" starts a list entry; edit it by hand` };
  }
  const edits: TextEdit[] = [
    { start: lineStartOf(text, start), end: lineEndAfter(text, pairLastChar(pair)), text: "" },
  ];
  if (map.items.length === 1 && ownerKeyEnd !== undefined) {
    const colon = text.indexOf(":", ownerKeyEnd);
    if (colon < 0) return { ok: false, error: "cannot find the ':' after a key" };
    edits.push({ start: colon + 1, end: colon + 1, text: " {}" });
  }
  return { ok: true, edits };
}

/** Appends `key: value` as the mapping's last pair, in the indentation of its first pair. */
export function appendPair(text: string, map: ParsedMap, keyText: string, valueText: string): EditResult {
  if (map.flow) return flowRewrite(text, map, [...flowPairs(text, map), [keyText, valueText]]);
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (!first || !last) return { ok: false, error: "cannot append to an empty block mapping" };
  const indent = " ".repeat(columnOf(text, pairStart(first)));
  return {
    ok: true,
    edits: [insertLinesAfter(text, pairLastChar(last), [`${indent}${keyText}: ${valueText}`])],
  };
}

/**
 * Gives `parent` the child mapping `childKey` holding `pairs`. When `childKey` is already there
 * with no value (`labels:` or `labels: null`) the pairs go under it; otherwise a new pair is
 * appended after the parent's last pair. `unit` is the file's indentation step.
 */
export function addChildMap(
  text: string,
  parent: ParsedMap,
  childKey: string,
  pairs: Array<[string, string]>,
  unit: number,
): EditResult {
  const first = parent.items[0];
  const last = parent.items[parent.items.length - 1];
  if (!first || !last) return { ok: false, error: "cannot add to an empty mapping" };
  if (parent.flow) {
    const inner = `{${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`;
    return flowRewrite(text, parent, [...flowPairs(text, parent), [childKey, inner]]);
  }
  const column = columnOf(text, pairStart(first));
  const childIndent = " ".repeat(column + unit);
  const lines = pairs.map(([k, v]) => `${childIndent}${k}: ${v}`);
  const existing = findPair(parent, childKey);
  if (existing) {
    const value = existing.value;
    if (value && !(isScalar(value) && value.value === null)) {
      return { ok: false, error: `"${childKey}" is not a mapping` };
    }
    const edits: TextEdit[] = [];
    if (value && isScalar(value) && value.source) {
      const [start, end] = rangeOf(value);
      edits.push({ start, end, text: "" });
    }
    edits.push(insertLinesAfter(text, rangeOf(existing.key)[1], lines));
    return { ok: true, edits };
  }
  const keyLine = `${" ".repeat(column)}${childKey}:`;
  return { ok: true, edits: [insertLinesAfter(text, pairLastChar(last), [keyLine, ...lines])] };
}
