// The cluster as the evaluator sees it, prepared once: normalized policies, the selection index and
// the namespaces' labels. Deriving a context with a label change or extra policies is cheap, so a
// fix can be tried by evaluating against "the cluster with the change applied".

import type { Conventions } from "@/lib/conventions/conventions";
import type { ClusterObjects, PostureContext } from "@/lib/posture/posture-context";
import { policyRole, type PolicyRoleInfo } from "@/lib/posture/policy-roles";
import { isRecord } from "@/lib/policy/json-read";
import { normalizePolicies, type NormalizedPolicy } from "@/lib/policy/model";
import type { RenderOptions } from "@/lib/policy/render-rule";
import {
  buildSelectionIndex,
  policiesSelectingNamespace,
  type NamespaceSelection,
  type SelectionIndex,
} from "@/lib/policy/selection";
import { namespaceInfo, NAMESPACE_NAME_LABEL, type NamespaceInfo } from "@/lib/policy/selector";

export type PolicyObjects = Pick<
  ClusterObjects,
  "namespaces" | "networkpolicies" | "ciliumnetworkpolicies" | "ciliumclusterwidenetworkpolicies"
>;

export interface EvaluationOptions {
  /**
   * Cilium's allow-localhost (default "auto", which means "always" unless host policies are on):
   * the node may always reach its own pods, whatever the policies say (kubelet probes).
   */
  allowLocalhost: boolean;
}

export interface EvaluationContext {
  readonly conventions: Conventions;
  readonly options: EvaluationOptions;
  readonly policies: readonly NormalizedPolicy[];
  /** Policies by the namespace they live in (CNPs and NetworkPolicies). */
  readonly policiesByNamespace: ReadonlyMap<string, readonly NormalizedPolicy[]>;
  readonly clusterPolicies: readonly NormalizedPolicy[];
  readonly index: SelectionIndex;
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly renderOptions: RenderOptions;
  /** Which policies select all or some pods of a namespace; depends on that namespace's labels only. */
  readonly selections: Map<string, NamespaceSelection[]>;
  readonly roles: WeakMap<NormalizedPolicy, PolicyRoleInfo>;
}

const DEFAULT_OPTIONS: EvaluationOptions = { allowLocalhost: true };

function byNamespace(policies: readonly NormalizedPolicy[]): Map<string, NormalizedPolicy[]> {
  const map = new Map<string, NormalizedPolicy[]>();
  for (const policy of policies) {
    const ns = policy.ref.namespace;
    if (ns === undefined) continue;
    const list = map.get(ns);
    if (list) list.push(policy);
    else map.set(ns, [policy]);
  }
  return map;
}

function namespaceInfos(namespaces: readonly unknown[]): Map<string, NamespaceInfo> {
  const infos = new Map<string, NamespaceInfo>();
  for (const ns of namespaces) {
    const metadata = isRecord(ns) && isRecord(ns.metadata) ? ns.metadata : {};
    if (typeof metadata.name !== "string") continue;
    const labels = isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
    infos.set(metadata.name, namespaceInfo(metadata.name, labels));
  }
  return infos;
}

function fromParts(
  conventions: Conventions,
  options: EvaluationOptions,
  policies: readonly NormalizedPolicy[],
  namespaces: ReadonlyMap<string, NamespaceInfo>,
  parts: Partial<Pick<EvaluationContext, "index" | "policiesByNamespace" | "clusterPolicies" | "roles">> = {},
): EvaluationContext {
  return {
    conventions,
    options,
    policies,
    policiesByNamespace: parts.policiesByNamespace ?? byNamespace(policies),
    clusterPolicies: parts.clusterPolicies ?? policies.filter((p) => p.ref.kind === "CCNP"),
    index: parts.index ?? buildSelectionIndex(policies),
    namespaces,
    renderOptions: { allowedCidrs: [conventions.healthProbeCidr] },
    selections: new Map(),
    roles: parts.roles ?? new WeakMap(),
  };
}

export function buildEvaluationContext(
  objects: PolicyObjects,
  conventions: Conventions,
  options: Partial<EvaluationOptions> = {},
): EvaluationContext {
  const policies = normalizePolicies(
    objects.ciliumclusterwidenetworkpolicies,
    objects.ciliumnetworkpolicies,
    objects.networkpolicies,
  );
  return fromParts(
    conventions,
    { ...DEFAULT_OPTIONS, ...options },
    policies,
    namespaceInfos(objects.namespaces),
  );
}

/** Reuses what the posture already normalized and indexed. */
export function evaluationContextFromPosture(
  posture: PostureContext,
  options: Partial<EvaluationOptions> = {},
): EvaluationContext {
  return fromParts(
    posture.conventions,
    { ...DEFAULT_OPTIONS, ...options },
    posture.policies,
    posture.namespaceInfos,
    {
      index: posture.index,
      policiesByNamespace: posture.policiesByNamespace,
      clusterPolicies: posture.clusterPolicies,
      roles: posture.roleMemo,
    },
  );
}

/** The namespace's labels; a namespace Sieve does not know has only its name label. */
export function namespaceIn(context: EvaluationContext, name: string): NamespaceInfo {
  return context.namespaces.get(name) ?? namespaceInfo(name);
}

export function selectionsOf(context: EvaluationContext, namespace: string): NamespaceSelection[] {
  let found = context.selections.get(namespace);
  if (!found) {
    found = policiesSelectingNamespace(context.index, namespaceIn(context, namespace));
    context.selections.set(namespace, found);
  }
  return found;
}

export function roleIn(context: EvaluationContext, policy: NormalizedPolicy): PolicyRoleInfo {
  let role = context.roles.get(policy);
  if (!role) {
    role = policyRole(policy, context.conventions);
    context.roles.set(policy, role);
  }
  return role;
}

export interface NamespaceLabelChange {
  namespace: string;
  set: Readonly<Record<string, string>>;
  remove: readonly string[];
}

/** The same cluster with one namespace's labels changed (the namespace is created if unknown). */
export function withNamespaceLabels(
  context: EvaluationContext,
  change: NamespaceLabelChange,
): EvaluationContext {
  const current = namespaceIn(context, change.namespace);
  const labels: Record<string, string> = { ...current.labels, ...change.set };
  for (const key of change.remove) if (key !== NAMESPACE_NAME_LABEL) delete labels[key];
  const namespaces = new Map(context.namespaces);
  namespaces.set(change.namespace, namespaceInfo(change.namespace, labels));
  // Which policies select a namespace depends on its own labels only: keep the others' memo.
  const selections = new Map(context.selections);
  selections.delete(change.namespace);
  return { ...context, namespaces, selections };
}

/** The same cluster with more policies. */
export function withPolicies(
  context: EvaluationContext,
  added: readonly NormalizedPolicy[],
): EvaluationContext {
  if (added.length === 0) return context;
  return fromParts(
    context.conventions,
    context.options,
    [...context.policies, ...added],
    context.namespaces,
    {
      roles: context.roles,
    },
  );
}
