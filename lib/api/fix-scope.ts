import { isEdgeId, isNamespaceName } from "@/lib/graph/graph-ids";
import type { FixScope } from "./responses";

const CLASS_ID = /^[a-z0-9][a-z0-9._/-]{0,127}$/i;

/** The drops a fix is for, from ?edge=<graph edge id> or ?group=<namespace>|<drop class id>. */
export function parseFixScope(
  params: URLSearchParams,
): { ok: true; scope: FixScope } | { ok: false; error: string } {
  const edge = params.get("edge");
  const group = params.get("group");
  if ((edge === null) === (group === null)) return { ok: false, error: "give exactly one of edge or group" };
  if (edge !== null) {
    return isEdgeId(edge)
      ? { ok: true, scope: { kind: "edge", id: edge } }
      : { ok: false, error: "edge: not an edge id" };
  }
  const [namespace = "", classId = "", ...rest] = group!.split("|");
  if (rest.length > 0 || (namespace !== "" && !isNamespaceName(namespace)) || !CLASS_ID.test(classId)) {
    return { ok: false, error: "group: expected <namespace>|<drop class id>" };
  }
  return { ok: true, scope: { kind: "group", key: `${namespace}|${classId}` } };
}

export function fixScopeQuery(scope: FixScope): string {
  return scope.kind === "edge"
    ? `edge=${encodeURIComponent(scope.id)}`
    : `group=${encodeURIComponent(scope.key)}`;
}
