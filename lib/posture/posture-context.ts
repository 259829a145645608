// Everything about the cluster that every namespace's posture needs, computed once: normalized
// policies, the selection index, pods by namespace, the check probes, and per-policy memos so a CCNP
// selecting a thousand namespaces is classified, rendered and linted once.

import type { Conventions } from "@/lib/conventions/conventions";
import type { KindObjectMap, Namespace, NetworkPolicy, Pod, WatchedKind } from "@/lib/kube/types";
import { isRecord } from "@/lib/policy/json-read";
import { normalizePolicies, type NormalizedPolicy } from "@/lib/policy/model";
import type { RenderOptions } from "@/lib/policy/render-rule";
import { buildSelectionIndex, type SelectionIndex } from "@/lib/policy/selection";
import { namespaceInfo, type NamespaceInfo } from "@/lib/policy/selector";
import { FULL_KNOWLEDGE, isKindKnown, type ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import { cniPosture, type CniMode, type CniPosture } from "./cni";
import { descriptionFindings } from "./description-claims";
import { everyPodFindings } from "./every-pod-rules";
import { orPeerFindings, policyFindings, sortFindings, type Finding } from "./findings";
import { buildCheckProbes, newProbeMemo, type CheckProbes, type ProbeMemo } from "./platform-checks";
import { policyRole, type PolicyRoleInfo } from "./policy-roles";
import type { PolicySummary, PolicyView } from "./policy-view";

/** The objects of the five watched kinds, as the Kubernetes cache holds them. */
export type ClusterObjects = { readonly [K in WatchedKind]: readonly KindObjectMap[K][] };

export interface PostureContext {
  readonly conventions: Conventions;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly namespaceInfos: ReadonlyMap<string, NamespaceInfo>;
  readonly podsByNamespace: ReadonlyMap<string, readonly Pod[]>;
  readonly policies: readonly NormalizedPolicy[];
  /** Policies by the namespace they live in (CNPs and NetworkPolicies). */
  readonly policiesByNamespace: ReadonlyMap<string, readonly NormalizedPolicy[]>;
  readonly clusterPolicies: readonly NormalizedPolicy[];
  readonly index: SelectionIndex;
  readonly probes: CheckProbes;
  readonly cni: CniPosture;
  readonly renderOptions: RenderOptions;
  readonly probeMemo: ProbeMemo;
  readonly roleMemo: WeakMap<NormalizedPolicy, PolicyRoleInfo>;
  readonly viewMemo: WeakMap<NormalizedPolicy, PolicyView>;
  readonly summaryMemo: WeakMap<NormalizedPolicy, PolicySummary>;
  readonly findingMemo: WeakMap<NormalizedPolicy, Finding[]>;
  /** NetworkPolicy shape findings (OR peers), by namespace. */
  readonly networkPolicyFindings: ReadonlyMap<string, Finding[]>;
  /** Kinds not known current: no finding and no "not found" may rest on them. */
  readonly knowledge: ClusterKnowledge;
}

/**
 * The findings to show, worst first. Findings combine namespaces, pods and every policy kind: any
 * kind not known current makes them a diagnosis from missing data, so none is shown.
 */
export function shownFindings(context: PostureContext, findings: Finding[]): Finding[] {
  return context.knowledge.unknown.length === 0 ? sortFindings(findings) : [];
}

function group<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function metadataOf(object: unknown): { name?: string; namespace?: string; labels?: Record<string, string> } {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
  return {
    name: typeof metadata.name === "string" ? metadata.name : undefined,
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
    labels: isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : undefined,
  };
}

export function buildPostureContext(
  objects: ClusterObjects,
  conventions: Conventions,
  options: { cni?: CniMode; knowledge?: ClusterKnowledge } = {},
): PostureContext {
  const knowledge = options.knowledge ?? FULL_KNOWLEDGE;
  const cniMode = options.cni === "preview" || isKindKnown(knowledge, "pods") ? options.cni : "unknown";
  const namespaces = new Map<string, Namespace>();
  const namespaceInfos = new Map<string, NamespaceInfo>();
  for (const ns of objects.namespaces) {
    const { name, labels } = metadataOf(ns);
    if (!name) continue;
    namespaces.set(name, ns);
    namespaceInfos.set(name, namespaceInfo(name, labels ?? {}));
  }
  const pods = objects.pods.filter((pod) => metadataOf(pod).namespace !== undefined);
  const policies = normalizePolicies(
    objects.ciliumclusterwidenetworkpolicies,
    objects.ciliumnetworkpolicies,
    objects.networkpolicies,
  );
  const renderOptions = { allowedCidrs: [conventions.healthProbeCidr] };
  const networkPolicyFindings = new Map<string, Finding[]>();
  for (const np of objects.networkpolicies as readonly NetworkPolicy[]) {
    const { name, namespace } = metadataOf(np);
    if (!name || !namespace) continue;
    const found = orPeerFindings(np, { kind: "NetworkPolicy", namespace, name });
    if (found.length > 0)
      networkPolicyFindings.set(namespace, [...(networkPolicyFindings.get(namespace) ?? []), ...found]);
  }
  return {
    conventions,
    namespaces,
    namespaceInfos,
    podsByNamespace: group(pods, (pod) => pod.metadata.namespace),
    policies,
    policiesByNamespace: group(policies, (p) => p.ref.namespace),
    clusterPolicies: policies.filter((p) => p.ref.kind === "CCNP"),
    index: buildSelectionIndex(policies),
    probes: buildCheckProbes(conventions, (name) => ({ ...(namespaceInfos.get(name)?.labels ?? {}) })),
    cni: cniPosture(pods, conventions, cniMode),
    renderOptions,
    probeMemo: newProbeMemo(),
    roleMemo: new WeakMap(),
    viewMemo: new WeakMap(),
    summaryMemo: new WeakMap(),
    findingMemo: new WeakMap(),
    networkPolicyFindings,
    knowledge,
  };
}

function memo<T>(map: WeakMap<NormalizedPolicy, T>, policy: NormalizedPolicy, compute: () => T): T {
  const known = map.get(policy);
  if (known !== undefined) return known;
  const value = compute();
  map.set(policy, value);
  return value;
}

export function roleOf(context: PostureContext, policy: NormalizedPolicy): PolicyRoleInfo {
  return memo(context.roleMemo, policy, () => policyRole(policy, context.conventions));
}

export function findingsOfPolicy(context: PostureContext, policy: NormalizedPolicy): Finding[] {
  return memo(context.findingMemo, policy, () => {
    const role = roleOf(context, policy);
    return [
      ...policyFindings(policy, role, context.conventions),
      ...descriptionFindings(policy),
      // The escape hatch opens everything on purpose; the enforcement finding speaks for it.
      ...(role.role === "escape-hatch" ? [] : everyPodFindings(policy, null)),
    ];
  });
}
