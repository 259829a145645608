import "server-only";
import type { KubeObject, Namespace } from "@/lib/kube/types";

/** The objects with namespace `name`'s labels changed: a value sets its label, null removes it. */
export function relabelNamespace(
  objects: readonly KubeObject[],
  name: string,
  labels: Record<string, string | null>,
): KubeObject[] {
  return objects.map((object): KubeObject => {
    if (object.kind !== "Namespace" || object.metadata.name !== name) return object;
    const next: Record<string, string> = { ...object.metadata.labels };
    for (const [key, value] of Object.entries(labels)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    return { ...object, metadata: { ...object.metadata, labels: next } } as Namespace;
  });
}
