import "server-only";
import type { KubeObject } from "@/lib/kube/types";

export function namespacedNameOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** The last known objects of one kind, by namespace/name. */
export class ObjectStore<T extends KubeObject> {
  private readonly byKey = new Map<string, T>();
  private sorted: T[] | null = null;

  get size(): number {
    return this.byKey.size;
  }

  set(object: T): void {
    this.byKey.set(namespacedNameOf(object), object);
    this.sorted = null;
  }

  delete(object: KubeObject): boolean {
    const removed = this.byKey.delete(namespacedNameOf(object));
    if (removed) this.sorted = null;
    return removed;
  }

  /** Swaps in a full list, so objects deleted while the watch was down disappear too. */
  replaceAll(objects: readonly T[]): void {
    this.byKey.clear();
    for (const object of objects) this.byKey.set(namespacedNameOf(object), object);
    this.sorted = null;
  }

  clear(): boolean {
    if (this.byKey.size === 0) return false;
    this.byKey.clear();
    this.sorted = null;
    return true;
  }

  /** A fresh array, ordered by namespace then name; the objects themselves are shared and must not be mutated. */
  list(): T[] {
    this.sorted ??= [...this.byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
    return [...this.sorted];
  }
}
