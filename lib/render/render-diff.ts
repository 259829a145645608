// How two renders of a repository differ, object by object and field by field: what a patch
// actually changes in what the GitOps tool would apply, as opposed to what its text says.

import { asRecord, isRecord } from "@/lib/policy/json-read";
import { objectKey, type KubeManifest, type ObjectOrigin, type RepositoryRender } from "./rendered";

/** One leaf that differs; `path` uses dots for map keys and [i] for list items. */
export interface FieldChange {
  path: string;
  /** undefined when the field is absent on that side. */
  before: unknown;
  after: unknown;
}

export interface ObjectChange {
  key: string;
  kind: string;
  namespace: string;
  name: string;
  change: "added" | "removed" | "changed";
  /** Every differing field: a leaf, a whole list that is new or gone, or an empty map. */
  fields: FieldChange[];
  origin: ObjectOrigin;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? part : `${path}.${part}`;
}

function diffValues(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) diffValues(join(path, key), before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i += 1) diffValues(join(path, i), before[i], after[i], out);
    return;
  }
  if (before === undefined && after === undefined) return;
  // A map field that appears or goes is compared key by key (a first label is a label, not
  // "labels"); a list, or an item of one, that appears or goes stays whole (a new rule is a new
  // rule, not edits of an old one).
  const nonEmptyMap = (value: unknown) => isRecord(value) && Object.keys(value).length > 0;
  const listItem = path.endsWith("]");
  if (
    !listItem &&
    ((before === undefined && nonEmptyMap(after)) || (after === undefined && nonEmptyMap(before)))
  ) {
    diffValues(path, before ?? {}, after ?? {}, out);
    return;
  }
  if (isRecord(before) || Array.isArray(before) || isRecord(after) || Array.isArray(after)) {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    out.push({ path, before, after });
    return;
  }
  if (before !== after) out.push({ path, before, after });
}

function identity(object: KubeManifest): { kind: string; namespace: string; name: string } {
  const metadata = asRecord(object.metadata);
  return {
    kind: String(object.kind ?? ""),
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : "",
    name: typeof metadata.name === "string" ? metadata.name : "",
  };
}

/** Objects keyed by kind/namespace/name; a key rendered twice keeps the last, as `kubectl apply` would. */
function byKey(render: RepositoryRender) {
  const map = new Map<string, { object: KubeManifest; origin: ObjectOrigin }>();
  for (const rendered of render.objects) map.set(objectKey(rendered.object), rendered);
  return map;
}

export function renderDiff(before: RepositoryRender, after: RepositoryRender): ObjectChange[] {
  const old = byKey(before);
  const next = byKey(after);
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const a = old.get(key);
    const b = next.get(key);
    const fields: FieldChange[] = [];
    diffValues("", a?.object ?? {}, b?.object ?? {}, fields);
    if (fields.length === 0) continue;
    const present = (b ?? a)!;
    changes.push({
      key,
      ...identity(present.object),
      change: !a ? "added" : !b ? "removed" : "changed",
      fields,
      origin: present.origin,
    });
  }
  return changes;
}

/** Problems of the after-render that the before-render did not have: a patch must not add any. */
export function newProblems(before: RepositoryRender, after: RepositoryRender): string[] {
  const known = new Set(before.problems.map((p) => `${p.kind}|${p.file}|${p.message}`));
  return after.problems
    .filter((p) => !known.has(`${p.kind}|${p.file}|${p.message}`))
    .map((p) => `${p.file}: ${p.message}`);
}
