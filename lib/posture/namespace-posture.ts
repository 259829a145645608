// One namespace's policy posture: kind, profile, access labels, enforcement, the policies selecting
// it, platform checks and findings. The detail variant adds each selecting policy rendered.

import { usesProfiles, type Conventions } from "@/lib/conventions/conventions";
import { isCiliumEntity } from "@/lib/policy/entities";
import type { PolicyRef } from "@/lib/policy/model";
import { policiesSelectingNamespace, policySelectsEndpoint, type Coverage } from "@/lib/policy/selection";
import { dnsEgressFindings } from "./dns-egress";
import { enabledPosture, enforcementPosture, type EnforcementPosture } from "./enforcement";
import { everyPodFindings, everyPodRules, type EveryPodRule } from "./every-pod-rules";
import { worstSeverity, type Finding, type Severity } from "./findings";
import {
  accessWithoutPolicyFindings,
  enforcementFindings,
  hostNetworkFindings,
  malformedAccessLabelFindings,
  platformFindings,
  profileFindings,
  selectionFindings,
  unreadLabelFindings,
} from "./namespace-findings";
import { isLivePod, isPolicyPod, podIdentities, type PodIdentity } from "./namespace-pods";
import { summarizeNamespaceLabels, type NamespaceLabelSummary } from "./namespace-labels";
import { inAmbientMesh, namespaceChecks, type PlatformCheck } from "./platform-checks";
import { roleOrder } from "./policy-roles";
import { policySummaryOf, policyViewOf, type PolicySummary, type PolicyView } from "./policy-view";
import { isKindKnown, unknownSummary } from "@/lib/status/cluster-knowledge";
import {
  buildPostureContext,
  findingsOfPolicy,
  roleOf,
  shownFindings,
  type ClusterObjects,
  type PostureContext,
} from "./posture-context";

export interface ProfilePosture {
  name: string | null;
  source: "label" | "annotation" | null;
  known: boolean;
  ingress: string | null;
  egress: string | null;
  use: string | null;
  /** "standard: ingress internal + external gateway; egress DNS + HTTPS", "no profile: no ingress allowed". */
  summary: string;
  /** Profile policies selecting the namespace. */
  policies: PolicyRef[];
}

export interface AccessLabelPosture {
  key: string;
  name: string;
  resource: string;
  target: string;
  targetKind: "namespace" | "entity";
  ports: number[];
  /** "egress to PostgreSQL in namespace database on 5432/TCP", and what already opens it to all. */
  opens: string;
  /** Access policies selecting the namespace for this label. */
  policies: PolicyRef[];
}

/**
 * A policy selecting the namespace, by id: what the policy is (PolicySummary) is named once in the
 * posture's `policies` (a namespace detail's `policyViews`), however many namespaces it selects.
 */
export interface SelectingPolicy {
  id: string;
  coverage: Coverage;
  /** How many of the namespace's pods it selects; null when the namespace has no pods. */
  podsSelected: number | null;
}

/** A selecting policy with what it is. */
export type SelectingWithSummary = SelectingPolicy & PolicySummary;

/** The selecting policies with what each is, from the summaries (or views) they refer to; unknown ids are left out. */
export function withSummaries(
  selecting: readonly SelectingPolicy[],
  summaries: Readonly<Record<string, PolicySummary>>,
): SelectingWithSummary[] {
  return selecting.flatMap((selection) => {
    const summary = Object.hasOwn(summaries, selection.id) ? summaries[selection.id] : undefined;
    return summary ? [{ ...summary, ...selection }] : [];
  });
}

export interface NamespacePosture {
  name: string;
  kind: "platform" | "application";
  /** "application governed by profile standard", "platform namespace with hand-crafted CNPs"… */
  kindSummary: string;
  profile: ProfilePosture;
  accessLabels: AccessLabelPosture[];
  malformedAccessLabels: { key: string; value: string }[];
  enforcement: EnforcementPosture;
  ambientMesh: boolean;
  pods: { total: number; hostNetwork: string[]; unselected: string[] };
  policies: SelectingPolicy[];
  /** Cluster-wide rules selecting the namespace that admit (or reach) every pod of every namespace. */
  everyPod: EveryPodRule[];
  /** The four checks; on application namespaces only in the detail (they are required on platform ones). */
  platformChecks: PlatformCheck[];
  findings: Finding[];
  worstSeverity: Severity | null;
  /** No enforcing CNI: whatever the policies say, nothing is enforced. */
  policiesInert: boolean;
  /**
   * Null when everything this posture rests on is known current; else one line ("unknown —
   * Kubernetes API unreachable"): the findings are left out and the rest is last-known data.
   */
  unknown: string | null;
}

/** A namespace's posture with every selecting policy rendered, for the namespace's own page. */
export interface NamespacePostureDetail extends NamespacePosture {
  policyViews: PolicyView[];
}

/** " — but X ingress rule 1 admits every pod…": what voids a restriction the text would claim. */
function voidedBy(rules: readonly EveryPodRule[], direction: "ingress" | "egress"): string {
  const texts = rules.filter((r) => r.direction === direction).map((r) => r.text);
  return texts.length > 0 ? ` — but ${texts.join("; ")}` : "";
}

function profilePosture(
  summary: NamespaceLabelSummary,
  policies: PolicyRef[],
  everyPod: readonly EveryPodRule[],
  conventions: Conventions,
): ProfilePosture {
  const definition = summary.profileDefinition;
  let text: string;
  if (summary.profile === null)
    text =
      summary.kind === "platform"
        ? "platform namespace: no profile (hand-crafted CNP)"
        : usesProfiles(conventions)
          ? "no profile: no ingress allowed"
          : "no profiles in this cluster's conventions";
  else if (!definition) text = `${summary.profile}: unknown profile, grants nothing`;
  else text = `${definition.name}: ingress ${definition.ingress}; egress ${definition.egress}`;
  return {
    name: summary.profile,
    source: summary.profileSource,
    known: definition !== null,
    ingress: definition?.ingress ?? null,
    egress: definition?.egress ?? null,
    use: definition?.use ?? null,
    summary: text + voidedBy(everyPod, "ingress"),
    policies,
  };
}

function accessPosture(
  summary: NamespaceLabelSummary,
  selecting: SelectingWithSummary[],
  everyPod: readonly EveryPodRule[],
  conventions: Conventions,
): AccessLabelPosture[] {
  return summary.accessLabels.map((definition) => {
    const entity = isCiliumEntity(definition.target);
    const ports = definition.ports.map((p) => `${p}/TCP`).join(", ");
    const where = entity ? `(entity ${definition.target})` : `in namespace ${definition.target}`;
    return {
      key: conventions.accessLabelPrefix + definition.name,
      name: definition.name,
      resource: definition.resource,
      target: definition.target,
      targetKind: entity ? "entity" : "namespace",
      ports: definition.ports,
      // Pod-wide egress opens a namespace target already; an entity target is not a pod.
      opens: `egress to ${definition.resource} ${where} on ${ports}${entity ? "" : voidedBy(everyPod, "egress")}`,
      policies: selecting
        .filter((s) => s.role === "access" && s.roleDetail?.split(", ").includes(definition.name))
        .map((s) => s.ref),
    };
  });
}

function kindSummary(summary: NamespaceLabelSummary, ownCnps: number, conventions: Conventions): string {
  if (summary.kind === "platform") {
    const profile = summary.profile !== null ? ` (but labelled with profile ${summary.profile})` : "";
    return ownCnps > 0
      ? `platform namespace with ${ownCnps} hand-crafted CNP(s)${profile}`
      : `platform namespace without a hand-crafted CNP${profile}`;
  }
  if (summary.profile !== null) return `application governed by profile ${summary.profile}`;
  return usesProfiles(conventions) ? "application without a profile" : "application namespace";
}

const KIND_ORDER = { CCNP: 0, CNP: 1, NetworkPolicy: 2 } as const;

function compareSelecting(a: SelectingWithSummary, b: SelectingWithSummary): number {
  const byRole = roleOrder(a.role) - roleOrder(b.role);
  if (byRole !== 0) return byRole;
  const byKind = KIND_ORDER[a.ref.kind] - KIND_ORDER[b.ref.kind];
  if (byKind !== 0) return byKind;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface PostureOptions {
  /** Run the platform checks on application namespaces too (they are always run on platform ones). */
  checksForAll?: boolean;
}

/** Posture of one namespace from a prepared context; null when the namespace does not exist. */
export function namespacePostureIn(
  context: PostureContext,
  name: string,
  now: number,
  options: PostureOptions = {},
): NamespacePosture | null {
  const namespace = context.namespaces.get(name);
  const info = context.namespaceInfos.get(name);
  if (!namespace || !info) return null;
  const { conventions } = context;
  const summary = summarizeNamespaceLabels(
    name,
    namespace.metadata.labels ?? {},
    namespace.metadata.annotations ?? {},
    conventions,
  );

  const allPods = context.podsByNamespace.get(name) ?? [];
  const livePods = allPods.filter(isLivePod);
  const policyPodObjects = allPods.filter(isPolicyPod);
  // Identities are only needed when a policy selects some pods; most namespaces never build them.
  let identities: PodIdentity[] | null = null;
  const policyPods = () => (identities ??= podIdentities(policyPodObjects, info));
  const hostNetwork = livePods.filter((p) => p.spec?.hostNetwork === true).map((p) => p.metadata.name);

  const selections = policiesSelectingNamespace(context.index, info);
  const enforcement = enforcementPosture(namespace, conventions, now, selections.length > 0);
  const selecting: SelectingWithSummary[] = selections.map(({ policy, coverage }) => ({
    ...policySummaryOf(context, policy),
    coverage,
    podsSelected:
      policyPodObjects.length === 0
        ? null
        : coverage === "all"
          ? policyPodObjects.length
          : policyPods().filter((p) => policySelectsEndpoint(policy, p.identity)).length,
  }));
  selecting.sort(compareSelecting);
  const openingPolicies = selections
    .map((s) => s.policy)
    .filter((p) => roleOf(context, p).role !== "escape-hatch" && everyPodRules(p).length > 0);
  const everyPod = openingPolicies.flatMap(everyPodRules);

  const unselected = selections.some((s) => s.coverage === "all")
    ? []
    : policyPods()
        .filter((p) => !selections.some((s) => policySelectsEndpoint(s.policy, p.identity)))
        .map((p) => p.name);

  const profilePolicies = selecting
    .filter((s) => s.role === "profile" && summary.profile !== null)
    .filter((s) => {
      const names = s.roleDetail?.split(", ") ?? [];
      return names.includes("*") || names.includes(summary.profile!);
    })
    .map((s) => s.ref);
  const ownCnps = new Set(selecting.filter((s) => s.ref.kind === "CNP").map((s) => s.ref.name)).size;
  const platform = summary.kind === "platform";
  const checks =
    platform || options.checksForAll
      ? namespaceChecks(info, platform, selections, context.probes, conventions, context.probeMemo)
      : [];

  const accessLabels = accessPosture(summary, selecting, everyPod, conventions);
  const findings = shownFindings(context, [
    ...enforcementFindings(name, enforcement),
    ...openingPolicies.flatMap((p) => everyPodFindings(p, name)),
    ...profileFindings(summary, profilePolicies, enforcement.enabled, conventions),
    ...malformedAccessLabelFindings(summary, conventions),
    ...unreadLabelFindings(summary, conventions),
    ...accessWithoutPolicyFindings(name, accessLabels, enforcement.enabled),
    ...platformFindings(summary, ownCnps, livePods.length, checks),
    ...hostNetworkFindings(name, platform, hostNetwork),
    ...selectionFindings(name, selections.length, unselected, enforcement.enabled),
    ...dnsEgressFindings(context, name, platform, selections, policyPods),
    ...(context.policiesByNamespace.get(name) ?? []).flatMap((p) => findingsOfPolicy(context, p)),
    ...(context.networkPolicyFindings.get(name) ?? []),
  ]);

  return {
    name,
    kind: summary.kind,
    kindSummary: kindSummary(summary, ownCnps, conventions),
    profile: profilePosture(summary, profilePolicies, everyPod, conventions),
    accessLabels,
    malformedAccessLabels: summary.malformedAccessLabels,
    enforcement,
    ambientMesh: inAmbientMesh(info, conventions),
    pods: { total: livePods.length, hostNetwork, unselected },
    policies: selecting.map(({ id, coverage, podsSelected }) => ({ id, coverage, podsSelected })),
    everyPod,
    platformChecks: checks,
    findings,
    worstSeverity: worstSeverity(findings),
    policiesInert: !context.cni.enforcing && context.cni.known,
    unknown: unknownSummary(context.knowledge),
  };
}

/** Posture of one namespace with its policies rendered, from a prepared context. */
export function namespacePostureDetailIn(
  context: PostureContext,
  name: string,
  now: number,
): NamespacePostureDetail | null {
  const posture = namespacePostureIn(context, name, now, { checksForAll: true });
  if (!posture) {
    // Not in a namespace list that is not current: unknown, not "not found".
    return isKindKnown(context.knowledge, "namespaces") ? null : unlistedNamespacePosture(context, name);
  }
  const byId = new Map(context.policies.map((p) => [p.id, p]));
  const policyViews = posture.policies.flatMap((s) => {
    const policy = byId.get(s.id);
    return policy ? [policyViewOf(context, policy)] : [];
  });
  return { ...posture, policyViews };
}

/** A namespace the cache does not hold while the namespaces are not known current: nothing concluded. */
function unlistedNamespacePosture(context: PostureContext, name: string): NamespacePostureDetail {
  const unknown = unknownSummary(context.knowledge) ?? "unknown";
  return {
    name,
    kind: "application",
    kindSummary: unknown,
    profile: {
      name: null,
      source: null,
      known: false,
      ingress: null,
      egress: null,
      use: null,
      summary: unknown,
      policies: [],
    },
    accessLabels: [],
    malformedAccessLabels: [],
    enforcement: enabledPosture("enforced", context.conventions.enforcementLabel, null, unknown),
    ambientMesh: false,
    pods: { total: 0, hostNetwork: [], unselected: [] },
    policies: [],
    everyPod: [],
    platformChecks: [],
    findings: [],
    worstSeverity: null,
    policiesInert: false,
    unknown,
    policyViews: [],
  };
}

/** Posture of one namespace with its policies rendered, straight from the cluster's objects. */
export function computeNamespacePosture(
  namespace: string,
  clusterObjects: ClusterObjects,
  conventions: Conventions,
  now: number,
): NamespacePostureDetail | null {
  return namespacePostureDetailIn(buildPostureContext(clusterObjects, conventions), namespace, now);
}
