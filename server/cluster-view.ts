import "server-only";
import { platformNamespacesDeclaredByTemplates } from "@/lib/conventions/declared-platform";
import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import type { InferredConventions } from "@/lib/conventions/infer-conventions";
import { analysisAt, analyzeCluster, type ClusterAnalysis } from "@/lib/posture/cluster-analysis";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import type { RepositoryRender } from "@/lib/render/rendered";
import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import { cachedClusterObjects } from "./kube/cluster-cache";
import type { SieveRuntime } from "./runtime";
import { kubernetesKnowledge } from "./status";

/** Everything derived from the cluster's objects, computed once per change rather than per request. */
export interface ClusterView extends ClusterAnalysis {
  computedAt: number;
}

/**
 * Posture depends on the clock too (how long enforcement has been off), so it is refreshed this
 * often; a refresh redoes only the namespaces whose escape hatch is open (analysisAt).
 */
const MAX_AGE_MS = 10_000;
const VIEW_KEY = Symbol.for("sieve.cluster-view");

interface ViewCache {
  /** Bumped on every change the cluster cache reports. */
  version: number;
  /** The version `view` was computed from. */
  viewVersion: number;
  /** Which kinds were unknown when `view` was computed: a change recomputes it. */
  knowledgeKey: string;
  view: ClusterView | null;
  /** Inference depends on policies and namespaces only; pods and the clock change far more often. */
  conventions: { key: string; value: InferredConventions } | null;
  unsubscribe: (() => void) | null;
}

function objectsOf(runtime: SieveRuntime): ClusterObjects {
  return cachedClusterObjects(runtime.cluster);
}

/** Changes whenever a namespace or a policy does (uid and resourceVersion of each). */
function conventionsKey(objects: ClusterObjects): string {
  const parts: string[] = [];
  for (const list of [
    objects.namespaces,
    objects.ciliumclusterwidenetworkpolicies,
    objects.ciliumnetworkpolicies,
    objects.networkpolicies,
  ]) {
    for (const object of list) {
      const metadata = object.metadata ?? {};
      parts.push(`${metadata.uid ?? metadata.name}@${metadata.resourceVersion ?? ""}`);
    }
    parts.push("|");
  }
  return parts.join(",");
}

/**
 * The conventions in force for `objects`: inferred, with the platform namespaces `render` declares
 * (the repository's templates) and the conventions file on top.
 */
export function conventionsFor(
  overrides: Partial<Conventions>,
  objects: ClusterObjects,
  render: RepositoryRender | null,
): InferredConventions {
  let value = clusterConventions(objects, overrides);
  const declared = render
    ? platformNamespacesDeclaredByTemplates(
        render,
        // A repository without profile policies may still write the runbook's profile label.
        value.conventions.profileLabel || DEFAULT_CONVENTIONS.profileLabel,
      )
    : [];
  if (declared.length > 0)
    value = clusterConventions(objects, overrides, {
      declaredPlatformNamespaces: declared,
    });
  return value;
}

function conventionsOf(
  runtime: SieveRuntime,
  cache: ViewCache,
  objects: ClusterObjects,
): InferredConventions {
  const repository = runtime.repositoryRenders.latest();
  const key = `${conventionsKey(objects)}|${repository?.key ?? ""}`;
  if (cache.conventions?.key !== key)
    cache.conventions = {
      key,
      value: conventionsFor(runtime.conventionOverrides, objects, repository?.render ?? null),
    };
  return cache.conventions.value;
}

function compute(
  runtime: SieveRuntime,
  cache: ViewCache,
  now: number,
  knowledge: ClusterKnowledge,
  knowledgeKey: string,
): ClusterView {
  const objects = objectsOf(runtime);
  const conventions = conventionsOf(runtime, cache, objects);
  const previous = cache.view;
  // Only the clock moved (same objects, same conventions, same knowledge): the previous analysis's
  // context and memos still hold, only the posture is redone.
  if (
    previous &&
    cache.viewVersion === cache.version &&
    cache.knowledgeKey === knowledgeKey &&
    previous.conventions === conventions.conventions
  )
    return { ...analysisAt(previous, now), computedAt: now };
  const cni = runtime.config.preview ? "preview" : "cluster";
  return { ...analyzeCluster(objects, conventions, now, { cni, knowledge }), computedAt: now };
}

export function getClusterView(runtime: SieveRuntime, now: number): ClusterView {
  const holder = runtime as SieveRuntime & { [VIEW_KEY]?: ViewCache };
  let cache = holder[VIEW_KEY];
  if (!cache) {
    const fresh: ViewCache = {
      version: 0,
      viewVersion: -1,
      knowledgeKey: "",
      view: null,
      conventions: null,
      unsubscribe: null,
    };
    fresh.unsubscribe = runtime.cluster?.subscribe(() => (fresh.version += 1)) ?? null;
    holder[VIEW_KEY] = cache = fresh;
  }
  const knowledge = kubernetesKnowledge(runtime, now);
  const knowledgeKey = knowledge.unknown.map((u) => `${u.kind}:${u.state}:${u.since}`).join(",");
  if (
    !cache.view ||
    cache.viewVersion !== cache.version ||
    cache.knowledgeKey !== knowledgeKey ||
    cache.view.computedAt + MAX_AGE_MS < now
  ) {
    cache.view = compute(runtime, cache, now, knowledge, knowledgeKey);
    cache.viewVersion = cache.version;
    cache.knowledgeKey = knowledgeKey;
  }
  return cache.view;
}

/**
 * Computes the cluster view once the cache has first synced, off any request, so the first page
 * finds it ready instead of waiting for the analysis (about a second at 1,000 namespaces). Later
 * changes are recomputed on the next request, as before: a cluster whose pods churn is not analysed
 * in the background when nobody looks. Resolves once the view is computed (or the cache stopped).
 */
export async function warmClusterViewOnSync(runtime: SieveRuntime): Promise<void> {
  const cluster = runtime.cluster;
  if (!cluster) return;
  try {
    await cluster.whenSynced();
  } catch {
    return; // stopped before it synced: nothing to warm
  }
  try {
    getClusterView(runtime, Date.now());
  } catch (error) {
    console.error(
      `sieve: computing the cluster view failed: ${error instanceof Error ? error.message : error}`,
    );
  }
}
