import { dropCount } from "@/lib/flows/flow";
import type { VerdictTally } from "@/lib/flows/verdict-counts";
import { ENFORCEMENT_STATES, type EnforcementState } from "./enforcement";
import type { FindingCode, Severity } from "./findings";
import type { NamespacePosture } from "./namespace-posture";

// The posture table's state (filters and sort) as URL parameters, and the rows it selects.
// Unknown values are dropped, never echoed into the page or trusted.

export type PostureSortKey = "name" | "kind" | "profile" | "status" | "findings" | "drops";
export type NamespaceStatus = Severity | "ok";

export interface PostureTableState {
  kind: "platform" | "application" | null;
  /** A profile name, or "(none)". */
  profile: string | null;
  /** An access label name (without prefix). */
  access: string | null;
  finding: FindingCode | null;
  enforcement: EnforcementState | null;
  status: NamespaceStatus | null;
  search: string;
  sort: PostureSortKey;
  descending: boolean;
}

export const DEFAULT_POSTURE_TABLE_STATE: PostureTableState = {
  kind: null,
  profile: null,
  access: null,
  finding: null,
  enforcement: null,
  status: null,
  search: "",
  sort: "status",
  descending: false,
};

const SORT_KEYS: readonly PostureSortKey[] = ["name", "kind", "profile", "status", "findings", "drops"];
const STATUSES: readonly NamespaceStatus[] = ["critical", "warning", "info", "ok"];
const SAFE_VALUE = /^[A-Za-z0-9._()-]{1,63}$/;

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function safe(value: string | null): string | null {
  return value !== null && SAFE_VALUE.test(value) ? value : null;
}

export function parsePostureTableState(params: URLSearchParams): PostureTableState {
  const finding = safe(params.get("finding"));
  return {
    kind: pick(params.get("kind"), ["platform", "application"] as const),
    profile: safe(params.get("profile")),
    access: safe(params.get("access")),
    finding: finding as FindingCode | null,
    enforcement: pick(params.get("enforcement"), ENFORCEMENT_STATES),
    status: pick(params.get("status"), STATUSES),
    search: (params.get("q") ?? "").slice(0, 63),
    sort: pick(params.get("sort"), SORT_KEYS) ?? DEFAULT_POSTURE_TABLE_STATE.sort,
    descending: params.get("desc") === "1",
  };
}

export function serializePostureTableState(state: PostureTableState): string {
  const params = new URLSearchParams();
  if (state.kind) params.set("kind", state.kind);
  if (state.profile) params.set("profile", state.profile);
  if (state.access) params.set("access", state.access);
  if (state.finding) params.set("finding", state.finding);
  if (state.enforcement) params.set("enforcement", state.enforcement);
  if (state.status) params.set("status", state.status);
  if (state.search) params.set("q", state.search);
  if (state.sort !== DEFAULT_POSTURE_TABLE_STATE.sort) params.set("sort", state.sort);
  if (state.descending) params.set("desc", "1");
  return params.toString();
}

export function statusOf(posture: NamespacePosture): NamespaceStatus {
  return posture.worstSeverity ?? "ok";
}

const STATUS_RANK: Record<NamespaceStatus, number> = { critical: 0, warning: 1, info: 2, ok: 3 };

function matches(posture: NamespacePosture, state: PostureTableState): boolean {
  if (state.kind && posture.kind !== state.kind) return false;
  if (state.profile && (posture.profile.name ?? "(none)") !== state.profile) return false;
  if (state.access && !posture.accessLabels.some((a) => a.name === state.access)) return false;
  if (state.finding && !posture.findings.some((f) => f.code === state.finding)) return false;
  if (state.enforcement && posture.enforcement.state !== state.enforcement) return false;
  if (state.status && statusOf(posture) !== state.status) return false;
  if (state.search && !posture.name.includes(state.search.toLowerCase())) return false;
  return true;
}

/** The rows the table shows, filtered and sorted; ties are broken by name so the order is stable. */
export function postureTableRows(
  namespaces: readonly NamespacePosture[],
  flowCounts: Readonly<Record<string, VerdictTally>>,
  state: PostureTableState,
): NamespacePosture[] {
  const drops = (ns: NamespacePosture) => dropCount(flowCounts[ns.name] ?? {});
  const compare: Record<PostureSortKey, (a: NamespacePosture, b: NamespacePosture) => number> = {
    name: () => 0,
    kind: (a, b) => a.kind.localeCompare(b.kind),
    profile: (a, b) => (a.profile.name ?? "~").localeCompare(b.profile.name ?? "~"),
    status: (a, b) => STATUS_RANK[statusOf(a)] - STATUS_RANK[statusOf(b)],
    findings: (a, b) => b.findings.length - a.findings.length,
    drops: (a, b) => drops(b) - drops(a),
  };
  const direction = state.descending ? -1 : 1;
  return namespaces
    .filter((ns) => matches(ns, state))
    .sort((a, b) => direction * (compare[state.sort](a, b) || a.name.localeCompare(b.name)));
}
