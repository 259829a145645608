import { isNamespaceName } from "@/lib/gitops/k8s-names";
import { isEdgeId } from "@/lib/graph/graph-ids";
import type { FixScope } from "./responses";

const CLASS_ID = /^[a-z0-9][a-z0-9._/-]{0,127}$/i;

/**
 * The drops a fix is for, from ?edge=<graph edge id>, ?group=<namespace>|<drop class id>, or
 * ?reenable=<namespace> (every would-be drop of a namespace whose escape hatch is open).
 */
export function parseFixScope(
  params: Pick<URLSearchParams, "get">,
): { ok: true; scope: FixScope } | { ok: false; error: string } {
  const edge = params.get("edge");
  const group = params.get("group");
  const reenable = params.get("reenable");
  if ([edge, group, reenable].filter((p) => p !== null).length !== 1)
    return { ok: false, error: "give exactly one of edge, group or reenable" };
  if (reenable !== null) {
    return isNamespaceName(reenable)
      ? { ok: true, scope: { kind: "reenable", namespace: reenable } }
      : { ok: false, error: "reenable: not a namespace name" };
  }
  if (edge !== null) {
    return isEdgeId(edge)
      ? { ok: true, scope: { kind: "edge", id: edge } }
      : { ok: false, error: "edge: not an edge id" };
  }
  const [namespace = "", classId = "", ...rest] = (group ?? "").split("|");
  if (rest.length > 0 || (namespace !== "" && !isNamespaceName(namespace)) || !CLASS_ID.test(classId)) {
    return { ok: false, error: "group: expected <namespace>|<drop class id>" };
  }
  return { ok: true, scope: { kind: "group", key: `${namespace}|${classId}` } };
}

export function fixScopeQuery(scope: FixScope): string {
  switch (scope.kind) {
    case "edge":
      return `edge=${encodeURIComponent(scope.id)}`;
    case "group":
      return `group=${encodeURIComponent(scope.key)}`;
    case "reenable":
      return `reenable=${encodeURIComponent(scope.namespace)}`;
  }
}
