import "server-only";
import type { KubeObject } from "@/lib/kube/types";
import { createClusterView, type DemoClusterView } from "./demo-cluster-view";

// Live traffic reads the API server's objects every second, but they change only when someone runs
// kubectl: the cluster view (and the evaluation context inside it) is rebuilt only then.

/** The same object as before: the very same one, or one the API server has not changed since. */
function unchanged(previous: KubeObject, current: KubeObject): boolean {
  if (previous === current) return true;
  const version = current.metadata.resourceVersion;
  return (
    version !== undefined &&
    version === previous.metadata.resourceVersion &&
    current.kind === previous.kind &&
    current.metadata.namespace === previous.metadata.namespace &&
    current.metadata.name === previous.metadata.name
  );
}

/** A function returning the view of the current objects, rebuilt only when one of them changed. */
export function cachedClusterView(objects: () => readonly KubeObject[]): () => DemoClusterView {
  let seen: readonly KubeObject[] = [];
  let view: DemoClusterView | undefined;
  return () => {
    const current = objects();
    const same =
      view !== undefined &&
      current.length === seen.length &&
      current.every((object, index) => unchanged(seen[index]!, object));
    if (!same || !view) view = createClusterView(current);
    seen = current;
    return view;
  };
}
