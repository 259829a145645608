import type { DropClassification } from "@/lib/drops/classify-drop";
import { dropGroupKey } from "@/lib/drops/classify-drop";

// For component tests: a drop's classification as the drop table words it.

export function classification(overrides: Partial<DropClassification> = {}): DropClassification {
  const namespace = overrides.namespace === undefined ? "shop" : overrides.namespace;
  const classId = overrides.classId ?? "access-label-missing/postgres";
  return {
    classId,
    title: "Access label missing: postgres",
    cause: "shop has no postgres access label, so its egress to database:5432 is denied.",
    fix: "Label namespace shop with network-policy.homelab/access-postgres=true.",
    policyDrop: true,
    severity: "critical",
    namespace,
    groupKey: dropGroupKey(namespace, classId),
    row: null,
    change: null,
    commands: ["kubectl get ns shop --show-labels"],
    details: ["verdict DROPPED, reason POLICY_DENIED"],
    ...overrides,
  };
}
