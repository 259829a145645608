import "server-only";
import type { KubeObject } from "@/lib/kube/types";

/** A parsed labelSelector or fieldSelector query parameter. */
export type ObjectFilter = (object: KubeObject) => boolean;

export class SelectorError extends Error {}

type Lookup = (object: KubeObject, key: string) => string | undefined;

/** Splits on commas that are not inside `in (…)` value sets. */
function requirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

function requirement(text: string, lookup: Lookup, allowSets: boolean): ObjectFilter {
  const set = allowSets ? /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text) : null;
  if (set) {
    const [, key, operator, list] = set as unknown as [string, string, string, string];
    const values = new Set(list.split(",").map((v) => v.trim()));
    return operator === "in"
      ? (o) => values.has(lookup(o, key) ?? "\u0000")
      : (o) => !values.has(lookup(o, key) ?? "\u0000");
  }
  const comparison = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (comparison) {
    const [, key, operator, value] = comparison as unknown as [string, string, string, string];
    return operator === "!=" ? (o) => lookup(o, key) !== value : (o) => lookup(o, key) === value;
  }
  if (allowSets && /^!\S+$/.test(text)) return (o) => lookup(o, text.slice(1)) === undefined;
  if (allowSets && /^[^!=\s(),]+$/.test(text)) return (o) => lookup(o, text) !== undefined;
  throw new SelectorError(`unable to parse requirement: "${text}"`);
}

function parse(selector: string | null, lookup: Lookup, allowSets: boolean): ObjectFilter {
  if (!selector) return () => true;
  const filters = requirements(selector).map((text) => requirement(text, lookup, allowSets));
  return (object) => filters.every((filter) => filter(object));
}

export function parseLabelSelectorParam(selector: string | null): ObjectFilter {
  return parse(selector, (object, key) => object.metadata.labels?.[key], true);
}

/** Field selectors on any scalar field by dotted path, e.g. metadata.name=web, status.phase!=Running. */
export function parseFieldSelector(selector: string | null): ObjectFilter {
  return parse(
    selector,
    (object, key) => {
      let value: unknown = object;
      for (const part of key.split(".")) {
        value =
          typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined;
      }
      if (value === undefined || value === null) return key === "metadata.namespace" ? "" : undefined;
      return typeof value === "object" ? undefined : String(value);
    },
    false,
  );
}
