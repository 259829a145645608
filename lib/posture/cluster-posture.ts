// The whole cluster's posture: is policy enforced at all, are the baselines there, every namespace,
// cluster-level findings and counts for the overview.

import type { Conventions } from "@/lib/conventions/conventions";
import { refLabel, type PolicyRef } from "@/lib/policy/model";
import type { NamespaceSelection } from "@/lib/policy/selection";
import { isKindKnown, unknownSummary, type ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import type { CniPosture } from "./cni";
import { ENFORCEMENT_STATES, type EnforcementState } from "./enforcement";
import { finding, type Finding, type Severity } from "./findings";
import { namespacePostureIn, type NamespacePosture } from "./namespace-posture";
import { evaluatePart, summarizeParts, type CheckPart, type PartStatus, type Probe } from "./platform-checks";
import { roleOrder } from "./policy-roles";
import { policySummaryOf, policyViewOf, type PolicySummary, type PolicyView } from "./policy-view";
import {
  buildPostureContext,
  findingsOfPolicy,
  roleOf,
  shownFindings,
  type ClusterObjects,
  type PostureContext,
} from "./posture-context";

export interface BaselinePosture {
  /** "unknown" when the cluster-wide policies or the namespaces are not known current. */
  status: PartStatus | "unknown";
  /** Names of the baseline CCNPs that provide it. */
  policies: string[];
  parts: CheckPart[];
  message: string;
}

export interface PostureCounts {
  namespaces: number;
  byKind: { platform: number; application: number };
  /** By profile name; "(none)" for namespaces without one. */
  byProfile: Record<string, number>;
  byEnforcement: Record<EnforcementState, number>;
  /** Namespaces by their worst finding; "ok" when they have none. */
  byStatus: Record<Severity | "ok", number>;
  /** Every finding, cluster-level included. */
  findingsBySeverity: Record<Severity, number>;
}

/** A CCNP with a nodeSelector: listed for what it is, no pod conclusions drawn from it. */
export interface HostPolicySummary {
  id: string;
  ref: PolicyRef;
  /** "host policy (nodes node-role.kubernetes.io/control-plane=)". */
  subject: string;
  description: string | null;
  /** Its rules rendered, as on a namespace page. */
  rules: string[];
}

export interface ClusterPosture {
  generatedAt: string;
  cni: CniPosture;
  baselines: { dns: BaselinePosture; health: BaselinePosture; scrape: BaselinePosture };
  namespaces: NamespacePosture[];
  /** Every policy selecting a namespace, by id, named once here: namespaces refer to them by id. */
  policies: Record<string, PolicySummary>;
  /** Namespace names by enforcement state: enforced, escape hatch open, selected by no policy. */
  enforcement: Record<EnforcementState, string[]>;
  hostPolicies: HostPolicySummary[];
  /** Findings about the cluster and its CCNPs. */
  findings: Finding[];
  counts: PostureCounts;
  /** Kinds not known current: findings, CNI and baselines that would rest on them are left out. */
  knowledge: ClusterKnowledge;
}

function baseline(
  context: PostureContext,
  selections: NamespaceSelection[],
  probes: Probe[],
): BaselinePosture {
  const parts = probes.map((probe) => evaluatePart(selections, probe, context.probeMemo));
  const policies = [...new Set(parts.flatMap((p) => p.allowedBy.map((r) => r.name)))].sort();
  return { ...summarizeParts(parts), policies, parts };
}

function baselineFindings(baselines: ClusterPosture["baselines"]): Finding[] {
  const what: Record<keyof ClusterPosture["baselines"], { severity: Severity; why: string }> = {
    dns: { severity: "critical", why: "pods cannot resolve names once egress is restricted" },
    health: { severity: "critical", why: "kubelet probes fail and pods restart" },
    scrape: { severity: "warning", why: "Prometheus cannot scrape metrics" },
  };
  const findings: Finding[] = [];
  for (const key of ["dns", "health", "scrape"] as const) {
    const b = baselines[key];
    if (b.status === "present") continue;
    findings.push(
      finding(
        "missing-baseline",
        b.status === "missing" ? what[key].severity : "warning",
        `the cluster-wide ${key} baseline is ${b.status} (${b.message}): ${what[key].why}`,
      ),
    );
  }
  return findings;
}

function counts(namespaces: NamespacePosture[], clusterFindings: Finding[]): PostureCounts {
  const result: PostureCounts = {
    namespaces: namespaces.length,
    byKind: { platform: 0, application: 0 },
    byProfile: {},
    byEnforcement: { enforced: 0, disabled: 0, unselected: 0 },
    byStatus: { critical: 0, warning: 0, info: 0, ok: 0 },
    findingsBySeverity: { critical: 0, warning: 0, info: 0 },
  };
  for (const ns of namespaces) {
    result.byKind[ns.kind] += 1;
    const profile = ns.profile.name ?? "(none)";
    result.byProfile[profile] = (result.byProfile[profile] ?? 0) + 1;
    result.byEnforcement[ns.enforcement.state] += 1;
    result.byStatus[ns.worstSeverity ?? "ok"] += 1;
    for (const f of ns.findings) result.findingsBySeverity[f.severity] += 1;
  }
  for (const f of clusterFindings) result.findingsBySeverity[f.severity] += 1;
  return result;
}

/** Namespace names (in the given order) by enforcement state. */
export function namespacesByEnforcement(
  namespaces: readonly NamespacePosture[],
): Record<EnforcementState, string[]> {
  const result = Object.fromEntries(ENFORCEMENT_STATES.map((s) => [s, [] as string[]])) as Record<
    EnforcementState,
    string[]
  >;
  for (const ns of namespaces) result[ns.enforcement.state].push(ns.name);
  return result;
}

/** Cluster posture from a prepared context (reuse one context across requests while objects are unchanged). */
export function clusterPostureIn(context: PostureContext, now: number): ClusterPosture {
  const baselineSelections: NamespaceSelection[] = context.clusterPolicies
    .filter((p) => roleOf(context, p).role === "baseline" && p.subject.type === "endpoints")
    .map((policy) => ({ policy, coverage: "all" }));
  const baselinesKnown =
    isKindKnown(context.knowledge, "ciliumclusterwidenetworkpolicies") &&
    isKindKnown(context.knowledge, "namespaces");
  const unknownBaseline = (): BaselinePosture => ({
    status: "unknown",
    policies: [],
    parts: [],
    message: unknownSummary(context.knowledge) ?? "unknown",
  });
  const baselines = baselinesKnown
    ? {
        dns: baseline(context, baselineSelections, context.probes.dns),
        health: baseline(context, baselineSelections, context.probes.health),
        scrape: baseline(context, baselineSelections, context.probes.scrape),
      }
    : { dns: unknownBaseline(), health: unknownBaseline(), scrape: unknownBaseline() };

  const found: Finding[] = [];
  if (!context.cni.enforcing && context.cni.known)
    found.push(finding("cni-not-enforcing", "critical", context.cni.message));
  found.push(...baselineFindings(baselines));
  for (const policy of context.clusterPolicies) found.push(...findingsOfPolicy(context, policy));
  // Policies living in namespaces the cluster does not list would otherwise go unreported.
  for (const [ns, policies] of context.policiesByNamespace) {
    if (context.namespaces.has(ns)) continue;
    for (const policy of policies) {
      for (const f of findingsOfPolicy(context, policy)) {
        found.push({
          ...f,
          message: `${f.message} (namespace ${ns} does not exist; ${refLabel(policy.ref)} is inert)`,
        });
      }
    }
  }
  const findings = shownFindings(context, found);

  const namespaces: NamespacePosture[] = [];
  for (const name of [...context.namespaces.keys()].sort()) {
    const posture = namespacePostureIn(context, name, now);
    if (posture) namespaces.push(posture);
  }
  const byId = new Map(context.policies.map((policy) => [policy.id, policy]));
  const policies: Record<string, PolicySummary> = {};
  for (const ns of namespaces) {
    for (const { id } of ns.policies) {
      const policy = policies[id] ? undefined : byId.get(id);
      if (policy) policies[id] = policySummaryOf(context, policy);
    }
  }
  const hostPolicies = context.clusterPolicies
    .filter((p) => roleOf(context, p).role === "host")
    .map((policy): HostPolicySummary => {
      const view = policyViewOf(context, policy);
      return {
        id: view.id,
        ref: view.ref,
        subject: view.subject,
        description: view.description,
        rules: view.rules.map((r) => r.text),
      };
    });
  return {
    generatedAt: new Date(now).toISOString(),
    cni: context.cni,
    baselines,
    namespaces,
    policies,
    enforcement: namespacesByEnforcement(namespaces),
    hostPolicies,
    findings,
    counts: counts(namespaces, findings),
    knowledge: context.knowledge,
  };
}

/**
 * Whether a namespace's posture moves with the clock: only an escape hatch open since a known time
 * does (its age, the alert firing and the findings about it). Every other part depends on the
 * objects and the conventions alone.
 */
function movesWithClock(namespace: NamespacePosture): boolean {
  return namespace.enforcement.disabledSince !== null;
}

/**
 * `previous` (computed from the same context) at a later moment: the namespaces whose enforcement
 * has been off since a known time are recomputed, every other part is kept as it was. A cluster
 * with no open escape hatch costs nothing to bring up to date.
 */
export function clusterPostureAt(
  previous: ClusterPosture,
  context: PostureContext,
  now: number,
): ClusterPosture {
  let changed = false;
  const namespaces = previous.namespaces.map((namespace) => {
    if (!movesWithClock(namespace)) return namespace;
    changed = true;
    return namespacePostureIn(context, namespace.name, now) ?? namespace;
  });
  const generatedAt = new Date(now).toISOString();
  if (!changed) return { ...previous, generatedAt };
  return {
    ...previous,
    generatedAt,
    namespaces,
    enforcement: namespacesByEnforcement(namespaces),
    counts: counts(namespaces, previous.findings),
  };
}

export function computeClusterPosture(
  objects: ClusterObjects,
  conventions: Conventions,
  now: number,
): ClusterPosture {
  return clusterPostureIn(buildPostureContext(objects, conventions), now);
}

/** Every policy of the cluster rendered once, baselines first; namespaces refer to them by id. */
export function policyViewsIn(context: PostureContext): PolicyView[] {
  return context.policies
    .map((policy) => policyViewOf(context, policy))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
