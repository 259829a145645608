import "server-only";
import { randomUUID } from "node:crypto";
import { kindInfo, WATCHED_KINDS, type KindInfo } from "@/lib/kube/kinds";
import type { KindObjectMap, KubeObject, WatchedKind } from "@/lib/kube/types";

export type DemoEventType = "ADDED" | "MODIFIED" | "DELETED";

/** One change in the store; resourceVersions come from one counter shared by every kind. */
export interface DemoStoreEvent {
  type: DemoEventType;
  kind: WatchedKind;
  resourceVersion: number;
  /** The object after the change; for DELETED, the object as it was, stamped with the deletion's resourceVersion. */
  object: KubeObject;
  /** The object before the change; null for ADDED. */
  previous: KubeObject | null;
}

/** The demo cluster's objects; its changes are what the demo API server's watches stream. */
export interface DemoObjectStore {
  /** Creates or replaces; a write that changes nothing keeps the stored object and sends no event. */
  upsert<T extends KubeObject>(object: T): T;
  /** Removes the object (a namespace takes its namespaced objects with it); undefined if it did not exist. */
  remove(kind: WatchedKind, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Sets labels; a null value removes the label. */
  patchLabels(
    kind: WatchedKind,
    namespace: string | undefined,
    name: string,
    labels: Record<string, string | null>,
  ): KubeObject | undefined;
  list<K extends WatchedKind>(kind: K): KindObjectMap[K][];
  get<K extends WatchedKind>(
    kind: K,
    namespace: string | undefined,
    name: string,
  ): KindObjectMap[K] | undefined;
  subscribe(listener: (event: DemoStoreEvent) => void): () => void;
  /** The current resourceVersion: that of the latest change. */
  resourceVersion(): number;
  /** The oldest resourceVersion a watch or a list continuation can still start from. */
  oldestResumable(): number;
  /** Changes after `resourceVersion`, or "expired" when the bounded history no longer reaches back that far. */
  changesSince(resourceVersion: number): DemoStoreEvent[] | "expired";
  /** The kind's objects as they were at `resourceVersion`, or "expired" when history no longer allows it. */
  listAt<K extends WatchedKind>(kind: K, resourceVersion: number): KindObjectMap[K][] | "expired";
}

export interface DemoObjectStoreOptions {
  /** Changes kept for watches and list continuations; older resume points get 410 Gone. Default 1000. */
  historyLimit?: number;
  now?: () => number;
}

/** Stored objects are frozen: the store hands out references, and history must not change under a reader. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function kindOfObject(object: KubeObject): KindInfo {
  const info = WATCHED_KINDS.find((candidate) => candidate.objectKind === object.kind);
  if (!info) throw new Error(`the demo API server does not serve kind "${object.kind}"`);
  return info;
}

/** Every object the store holds, kind by kind: what the demo's traffic is judged against. */
export function storedObjects(store: Pick<DemoObjectStore, "list">): KubeObject[] {
  return WATCHED_KINDS.flatMap(({ kind }) => store.list(kind));
}

export function storeKey(info: KindInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${namespace ?? ""}/${name}` : name;
}

function byKey<T extends KubeObject>(info: KindInfo, objects: Iterable<T>): T[] {
  return [...objects].sort((a, b) => {
    const ka = storeKey(info, a.metadata.namespace, a.metadata.name);
    const kb = storeKey(info, b.metadata.namespace, b.metadata.name);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) =>
    JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(a) === strip(b);
}

export function createDemoObjectStore(
  objects: readonly KubeObject[] = [],
  options: DemoObjectStoreOptions = {},
): DemoObjectStore {
  const historyLimit = options.historyLimit ?? 1000;
  const now = options.now ?? Date.now;
  const byKind = new Map<WatchedKind, Map<string, KubeObject>>(
    WATCHED_KINDS.map((info) => [info.kind, new Map()]),
  );
  const listeners = new Set<(event: DemoStoreEvent) => void>();
  const history: DemoStoreEvent[] = [];
  let counter = 0;
  /** Every change after this resourceVersion is still in `history`. */
  let horizon = 0;

  function record(event: Omit<DemoStoreEvent, "resourceVersion">, resourceVersion: number): void {
    const full = deepFreeze({ ...event, resourceVersion });
    history.push(full);
    while (history.length > historyLimit) horizon = history.shift()!.resourceVersion;
    for (const listener of [...listeners]) listener(full);
  }

  function stamp(
    object: KubeObject,
    info: KindInfo,
    existing: KubeObject | undefined,
    rv: number,
  ): KubeObject {
    const copy = structuredClone(object);
    const metadata = { ...copy.metadata };
    if (info.namespaced) {
      if (!metadata.namespace) throw new Error(`${info.objectKind} ${metadata.name} needs a namespace`);
    } else delete metadata.namespace;
    metadata.uid = existing?.metadata.uid ?? metadata.uid ?? randomUUID();
    metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ??
      metadata.creationTimestamp ??
      new Date(Math.floor(now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
    metadata.resourceVersion = String(rv);
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    return deepFreeze({ ...copy, apiVersion, kind: info.objectKind, metadata });
  }

  function upsert<T extends KubeObject>(object: T): T {
    if (!object.metadata?.name) throw new Error(`a ${object.kind} without metadata.name`);
    const info = kindOfObject(object);
    const objectsOfKind = byKind.get(info.kind)!;
    const key = storeKey(info, object.metadata.namespace, object.metadata.name);
    const existing = objectsOfKind.get(key);
    const candidate = stamp(object, info, existing, counter + 1);
    if (existing && sameContent(existing, candidate)) return existing as T;
    counter += 1;
    objectsOfKind.set(key, candidate);
    record(
      {
        type: existing ? "MODIFIED" : "ADDED",
        kind: info.kind,
        object: candidate,
        previous: existing ?? null,
      },
      counter,
    );
    return candidate as T;
  }

  function removeOne(info: KindInfo, key: string): KubeObject | undefined {
    const objectsOfKind = byKind.get(info.kind)!;
    const existing = objectsOfKind.get(key);
    if (!existing) return undefined;
    objectsOfKind.delete(key);
    counter += 1;
    const deleted = deepFreeze({
      ...existing,
      metadata: { ...existing.metadata, resourceVersion: String(counter) },
    });
    record({ type: "DELETED", kind: info.kind, object: deleted, previous: existing }, counter);
    return deleted;
  }

  function remove(kind: WatchedKind, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = kindInfo(kind);
    const removed = removeOne(info, storeKey(info, namespace, name));
    if (removed && kind === "namespaces") {
      // What the namespace controller does after a namespace is deleted.
      for (const other of WATCHED_KINDS.filter((k) => k.namespaced)) {
        for (const key of [...byKind.get(other.kind)!.keys()]) {
          if (key.startsWith(`${name}/`)) removeOne(other, key);
        }
      }
    }
    return removed;
  }

  function get<K extends WatchedKind>(kind: K, namespace: string | undefined, name: string) {
    const info = kindInfo(kind);
    return byKind.get(kind)!.get(storeKey(info, namespace, name)) as KindObjectMap[K] | undefined;
  }

  for (const object of objects) upsert(object);
  history.length = 0;
  horizon = counter;

  return {
    upsert,
    remove,
    get,

    patchLabels(kind, namespace, name, labels) {
      const existing = get(kind, namespace, name);
      if (!existing) return undefined;
      const next: Record<string, string> = { ...existing.metadata.labels };
      for (const [key, value] of Object.entries(labels)) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      return upsert({ ...existing, metadata: { ...existing.metadata, labels: next } });
    },

    list<K extends WatchedKind>(kind: K) {
      return byKey(kindInfo(kind), byKind.get(kind)!.values()) as KindObjectMap[K][];
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    resourceVersion: () => counter,
    oldestResumable: () => horizon,

    changesSince(resourceVersion) {
      if (resourceVersion < horizon) return "expired";
      return history.filter((event) => event.resourceVersion > resourceVersion);
    },

    listAt<K extends WatchedKind>(kind: K, resourceVersion: number) {
      if (resourceVersion < horizon) return "expired";
      const info = kindInfo(kind);
      const objects = new Map(byKind.get(kind)!);
      for (let i = history.length - 1; i >= 0 && history[i]!.resourceVersion > resourceVersion; i -= 1) {
        const event = history[i]!;
        if (event.kind !== kind) continue;
        const key = storeKey(info, event.object.metadata.namespace, event.object.metadata.name);
        if (event.previous) objects.set(key, event.previous);
        else objects.delete(key);
      }
      return byKey(info, objects.values()) as KindObjectMap[K][];
    },
  };
}
