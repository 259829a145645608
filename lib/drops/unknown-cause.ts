import type { DropClassification } from "./classify-drop";

export const UNKNOWN_CAUSE_CLASS = "cause-unknown";

/**
 * A policy drop while the cluster's objects are not known current: which label, baseline or
 * policy is missing cannot be told, so no class and no fix are offered, only what is known.
 */
export function unknownCauseClassification(
  namespace: string | null,
  unknown: string,
  details: readonly string[],
  commands: readonly string[],
): DropClassification {
  return {
    classId: UNKNOWN_CAUSE_CLASS,
    title: "Dropped by policy; cause unknown",
    cause: `${unknown}: the namespace labels and policies the cause depends on are not known current.`,
    fix: "Sieve classifies this drop again once the Kubernetes API is in sync.",
    policyDrop: false,
    severity: "warning",
    namespace,
    groupKey: `${namespace ?? ""}|${UNKNOWN_CAUSE_CLASS}`,
    row: null,
    change: null,
    commands: [...commands],
    details: [...details],
  };
}
