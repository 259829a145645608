// The cluster as a branch of the GitOps repository would make it: what the branch changes against
// the base branch (policies added, changed or removed; namespace labels set or removed) applied to
// the cluster's objects. Only the difference is applied, so drift between the cluster and the base
// branch, and everything the repository does not manage, stays as the cluster has it.

import type { Namespace } from "@/lib/kube/types";
import { isRecord } from "@/lib/policy/json-read";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import type { KubeManifest, RepositoryRender } from "@/lib/render/rendered";

type PolicyKind = "ciliumnetworkpolicies" | "ciliumclusterwidenetworkpolicies" | "networkpolicies";

const POLICY_KINDS: Record<string, { list: PolicyKind; namespaced: boolean }> = {
  CiliumNetworkPolicy: { list: "ciliumnetworkpolicies", namespaced: true },
  CiliumClusterwideNetworkPolicy: { list: "ciliumclusterwidenetworkpolicies", namespaced: false },
  NetworkPolicy: { list: "networkpolicies", namespaced: true },
};

/** One object of the cluster the branch changes, as the report lists it. */
export interface BranchObjectChange {
  kind: string;
  /** "" for cluster-scoped objects. */
  namespace: string;
  name: string;
  change: "added" | "removed" | "changed";
  /** Namespace labels: `key=value` set, `key-` removed. Empty for policies. */
  labels: string[];
}

export interface BranchCluster {
  objects: ClusterObjects;
  changes: BranchObjectChange[];
}

interface Identity {
  kind: string;
  namespace: string;
  name: string;
}

function identityOf(object: KubeManifest): Identity | null {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === "string" ? object.kind : "";
  const name = typeof metadata.name === "string" ? metadata.name : "";
  if (!name) return null;
  const scoped = POLICY_KINDS[kind]?.namespaced ?? false;
  // Flux applies a namespaced object without a namespace to "default".
  const namespace =
    typeof metadata.namespace === "string" && metadata.namespace !== ""
      ? metadata.namespace
      : scoped
        ? "default"
        : "";
  return { kind, namespace: scoped ? namespace : "", name };
}

const keyOf = (id: Identity) => `${id.kind}/${id.namespace}/${id.name}`;

function managed(render: RepositoryRender): Map<string, { id: Identity; object: KubeManifest }> {
  const map = new Map<string, { id: Identity; object: KubeManifest }>();
  for (const { object } of render.objects) {
    const id = identityOf(object);
    if (!id || (id.kind !== "Namespace" && !POLICY_KINDS[id.kind])) continue;
    map.set(keyOf(id), { id, object }); // rendered twice: the last wins, as `kubectl apply` would
  }
  return map;
}

function labelsOf(object: unknown): Record<string, string> {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return Object.fromEntries(
    Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Label keys whose value differs between the base and the branch (undefined: removed). */
function labelEdits(
  base: KubeManifest | undefined,
  branch: KubeManifest | undefined,
): Map<string, string | undefined> {
  const before = labelsOf(base);
  const after = labelsOf(branch);
  const edits = new Map<string, string | undefined>();
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
    if (before[key] !== after[key]) edits.set(key, after[key]);
  return edits;
}

function withLabels(ns: Namespace, edits: ReadonlyMap<string, string | undefined>): Namespace {
  const labels = { ...(ns.metadata.labels ?? {}) };
  for (const [key, value] of edits) {
    if (value === undefined) delete labels[key];
    else labels[key] = value;
  }
  return { ...ns, metadata: { ...ns.metadata, labels } };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function namespaceOf(object: unknown): string | undefined {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
  return typeof metadata.namespace === "string" ? metadata.namespace : undefined;
}

/**
 * The cluster's objects with what `branch` changes against `base` applied: changed and added
 * policies replace the cluster's, policies the branch removes are gone, namespace labels the branch
 * sets or removes are set or removed (other labels stay as the cluster has them). A namespace the
 * branch adds appears with its rendered labels; one it removes goes, with its pods and policies.
 */
export function clusterAsBranch(
  cluster: ClusterObjects,
  base: RepositoryRender,
  branch: RepositoryRender,
): BranchCluster {
  const before = managed(base);
  const after = managed(branch);
  const lists = {
    namespaces: [...cluster.namespaces],
    pods: [...cluster.pods],
    networkpolicies: [...cluster.networkpolicies],
    ciliumnetworkpolicies: [...cluster.ciliumnetworkpolicies],
    ciliumclusterwidenetworkpolicies: [...cluster.ciliumclusterwidenetworkpolicies],
  };
  const changes: BranchObjectChange[] = [];
  const removedNamespaces = new Set<string>();
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    if (a && b && sameJson(a.object, b.object)) continue;
    const id = (b ?? a)!.id;
    const change = !a ? "added" : !b ? "removed" : "changed";
    if (id.kind === "Namespace") {
      const edits = labelEdits(a?.object, b?.object);
      const index = lists.namespaces.findIndex((ns) => ns.metadata.name === id.name);
      if (change === "removed") {
        if (index >= 0) lists.namespaces.splice(index, 1);
        removedNamespaces.add(id.name);
      } else if (index >= 0) {
        if (edits.size === 0) continue;
        lists.namespaces[index] = withLabels(lists.namespaces[index]!, edits);
      } else {
        lists.namespaces.push(withLabels(b!.object as unknown as Namespace, new Map()));
      }
      const labels = [...edits].map(([k, v]) => (v === undefined ? `${k}-` : `${k}=${v}`));
      changes.push({ ...id, change, labels: change === "removed" ? [] : labels });
      continue;
    }
    const list = POLICY_KINDS[id.kind]!.list;
    const current = lists[list] as unknown as KubeManifest[];
    const index = current.findIndex((object) => {
      const other = identityOf(object);
      return other !== null && keyOf({ ...other, kind: id.kind }) === key;
    });
    if (index >= 0) current.splice(index, 1);
    if (b) {
      const metadata = isRecord(b.object.metadata) ? b.object.metadata : {};
      current.push({
        ...b.object,
        metadata: { ...metadata, ...(id.namespace ? { namespace: id.namespace } : {}) },
      });
    }
    changes.push({ ...id, change, labels: [] });
  }
  if (removedNamespaces.size > 0) {
    const kept = <T>(items: T[]) => items.filter((item) => !removedNamespaces.has(namespaceOf(item) ?? ""));
    lists.pods = kept(lists.pods);
    lists.networkpolicies = kept(lists.networkpolicies);
    lists.ciliumnetworkpolicies = kept(lists.ciliumnetworkpolicies);
  }
  return { objects: lists, changes };
}
