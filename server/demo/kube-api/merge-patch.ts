import "server-only";
import { isRecord } from "@/lib/policy/json-read";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isRecord(patch)) return structuredClone(patch) as Json;
  const result: Record<string, Json> = {};
  if (isRecord(target)) Object.assign(result, target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Strategic merge patch, as far as the demo needs it: maps merge like a merge patch and the `$…`
 * directives are dropped, so lists are replaced rather than merged by key. Enough for labels,
 * annotations and kubectl's edits of scalar fields.
 */
export function strategicMergePatch(target: unknown, patch: unknown): Json {
  return mergePatch(target, withoutDirectives(patch));
}

function withoutDirectives(patch: unknown): unknown {
  if (Array.isArray(patch)) return patch.map(withoutDirectives);
  if (!isRecord(patch)) return patch;
  return Object.fromEntries(
    Object.entries(patch)
      .filter(([key]) => !key.startsWith("$"))
      .map(([key, value]) => [key, withoutDirectives(value)]),
  );
}
