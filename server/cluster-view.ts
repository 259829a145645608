import "server-only";
import type { NamespaceRow } from "@/lib/api/responses";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import { evaluationContextFromPosture, type EvaluationContext } from "@/lib/evaluator/evaluation-context";
import type { WatchedKind } from "@/lib/kube/types";
import { clusterFactsFromPosture } from "@/lib/posture/cluster-facts";
import { clusterPostureIn, type ClusterPosture } from "@/lib/posture/cluster-posture";
import { buildNamespaceRows } from "@/lib/posture/namespace-rows";
import { buildPostureContext, type ClusterObjects, type PostureContext } from "@/lib/posture/posture-context";
import type { SieveRuntime } from "./runtime";

/** Everything derived from the cluster's objects, computed once per change rather than per request. */
export interface ClusterView {
  objects: ClusterObjects;
  context: PostureContext;
  /** For the policy evaluator: why a flow is dropped, what fixes it. */
  evaluation: EvaluationContext;
  posture: ClusterPosture;
  facts: ClusterFacts;
  rows: NamespaceRow[];
  computedAt: number;
}

/** Posture depends on the clock too (how long enforcement has been off), so it is refreshed this often. */
const MAX_AGE_MS = 10_000;
const VIEW_KEY = Symbol.for("sieve.cluster-view");

interface ViewCache {
  /** Bumped on every change the cluster cache reports. */
  version: number;
  /** The version `view` was computed from. */
  viewVersion: number;
  view: ClusterView | null;
  unsubscribe: (() => void) | null;
}

function objectsOf(runtime: SieveRuntime): ClusterObjects {
  const list = <K extends WatchedKind>(kind: K) => runtime.cluster?.list(kind) ?? [];
  return {
    namespaces: list("namespaces"),
    pods: list("pods"),
    networkpolicies: list("networkpolicies"),
    ciliumnetworkpolicies: list("ciliumnetworkpolicies"),
    ciliumclusterwidenetworkpolicies: list("ciliumclusterwidenetworkpolicies"),
  };
}

function compute(runtime: SieveRuntime, now: number): ClusterView {
  const objects = objectsOf(runtime);
  const context = buildPostureContext(objects, runtime.conventions, {
    cni: runtime.config.preview ? "preview" : "cluster",
  });
  const posture = clusterPostureIn(context, now);
  return {
    objects,
    context,
    evaluation: evaluationContextFromPosture(context),
    posture,
    facts: clusterFactsFromPosture(posture, objects.namespaces),
    rows: buildNamespaceRows(objects.namespaces, runtime.conventions),
    computedAt: now,
  };
}

export function getClusterView(runtime: SieveRuntime, now: number): ClusterView {
  const holder = runtime as SieveRuntime & { [VIEW_KEY]?: ViewCache };
  let cache = holder[VIEW_KEY];
  if (!cache) {
    const fresh: ViewCache = { version: 0, viewVersion: -1, view: null, unsubscribe: null };
    fresh.unsubscribe = runtime.cluster?.subscribe(() => (fresh.version += 1)) ?? null;
    holder[VIEW_KEY] = cache = fresh;
  }
  if (!cache.view || cache.viewVersion !== cache.version || cache.view.computedAt + MAX_AGE_MS < now) {
    cache.viewVersion = cache.version;
    cache.view = compute(runtime, now);
  }
  return cache.view;
}
