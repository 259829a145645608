// The escape hatch: is policy enforcement disabled on a namespace, since when, and which alert fires.

import type { Conventions } from "@/lib/conventions/conventions";
import type { ManagedFieldsEntry, Namespace } from "@/lib/kube/types";
import { isRecord } from "@/lib/policy/json-read";

export type AlertSeverity = "warning" | "critical";

export interface EnforcementAlertState {
  name: string;
  severity: AlertSeverity;
}

/**
 * enforced: some policy selects the namespace and the escape hatch is closed; disabled: the escape
 * hatch is open; unselected: no policy selects it, so Cilium lets all its traffic through (wide open).
 */
export type EnforcementState = "enforced" | "disabled" | "unselected";

export const ENFORCEMENT_STATES: readonly EnforcementState[] = ["enforced", "disabled", "unselected"];

export interface EnforcementPosture {
  state: EnforcementState;
  /** The escape hatch is closed (an unselected namespace is wide open all the same: see `state`). */
  enabled: boolean;
  labelKey: string;
  /** The label's value when present (also when it is not the "disabled" value). */
  labelValue: string | null;
  /** ISO time the label was set, from metadata.managedFields; null when unknown or enabled. */
  disabledSince: string | null;
  disabledForMs: number | null;
  sinceSource: "managedFields" | "unknown" | null;
  /** The alert Prometheus fires by now; null when enabled, too recent, or the duration is unknown. */
  alert: EnforcementAlertState | null;
  /** ISO time the next (stronger) alert fires if nothing changes. */
  nextAlertAt: string | null;
  reenableCommand: string | null;
  runbook: string | null;
  summary: string;
}

/** "45s", "12m", "3h 5m", "2d 4h". */
export function describeElapsed(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

function ownsLabel(entry: ManagedFieldsEntry, key: string): boolean {
  const metadata = isRecord(entry.fieldsV1) ? entry.fieldsV1["f:metadata"] : undefined;
  const labels = isRecord(metadata) ? metadata["f:labels"] : undefined;
  return isRecord(labels) && Object.hasOwn(labels, `f:${key}`);
}

/**
 * When a label was set, from the managedFields entries that own it. An entry's time is its manager's
 * last write to the object, so the earliest owner is the closest bound we have.
 */
export function labelSetAt(managedFields: readonly unknown[] | undefined, key: string): string | null {
  let earliest: number | null = null;
  for (const entry of managedFields ?? []) {
    if (!isRecord(entry) || !ownsLabel(entry as ManagedFieldsEntry, key) || typeof entry.time !== "string")
      continue;
    const time = Date.parse(entry.time);
    if (!Number.isNaN(time) && (earliest === null || time < earliest)) earliest = time;
  }
  return earliest === null ? null : new Date(earliest).toISOString();
}

/** The field managers that own a label (e.g. "kustomize-controller", "kubectl-label"). */
export function labelManagers(managedFields: readonly unknown[] | undefined, key: string): string[] {
  const managers = new Set<string>();
  for (const entry of managedFields ?? []) {
    if (!isRecord(entry) || !ownsLabel(entry as ManagedFieldsEntry, key)) continue;
    managers.add(typeof entry.manager === "string" ? entry.manager : "");
  }
  return [...managers];
}

/** Field managers of GitOps tools: what they own comes from git and goes when git drops it. */
const GITOPS_MANAGERS = /^(kustomize-controller|helm-controller|argocd-.*|argo-cd.*)$/;

/**
 * Whether the label was set by hand (kubectl or any manager other than a GitOps tool), so removing
 * it from git does not remove it from the cluster. Unknown ownership counts as by hand.
 */
export function labelSetByHand(managedFields: readonly unknown[] | undefined, key: string): boolean {
  const managers = labelManagers(managedFields, key);
  return managers.length === 0 || managers.some((m) => !GITOPS_MANAGERS.test(m));
}

export function enforcementAlertFor(
  disabledForMs: number,
  conventions: Conventions,
): EnforcementAlertState | null {
  const { warning, critical } = conventions.enforcementAlerts;
  if (disabledForMs >= critical.afterMs) return { name: critical.name, severity: "critical" };
  if (disabledForMs >= warning.afterMs) return { name: warning.name, severity: "warning" };
  return null;
}

export function reenableCommand(namespace: string, conventions: Conventions): string {
  return `kubectl label namespace ${namespace} ${conventions.enforcementLabel}-`;
}

/** Selected by no policy: Cilium lets everything through, whatever the escape hatch says. */
function unselectedSummary(conventions: Conventions): string {
  const optIn = conventions.baselineOptIn;
  const why = optIn ? ` (it is not labelled ${optIn.key}=${optIn.value}, which the baselines select)` : "";
  return `wide open: no policy selects it, so all its traffic flows${why}`;
}

/** Enforcement on (the escape hatch closed): nothing disabled, nothing to alert or re-enable. */
export function enabledPosture(
  state: "enforced" | "unselected",
  labelKey: string,
  labelValue: string | null,
  summary: string,
): EnforcementPosture {
  return {
    state,
    enabled: true,
    labelKey,
    labelValue,
    disabledSince: null,
    disabledForMs: null,
    sinceSource: null,
    alert: null,
    nextAlertAt: null,
    reenableCommand: null,
    runbook: null,
    summary,
  };
}

/**
 * The namespace's enforcement. `selected`: whether any policy selects the namespace; an open escape
 * hatch is reported as such even then (its policy selects the namespace anyway).
 */
export function enforcementPosture(
  namespace: Namespace,
  conventions: Conventions,
  now: number,
  selected = true,
): EnforcementPosture {
  const labels = namespace.metadata.labels ?? {};
  const key = conventions.enforcementLabel;
  const labelValue = Object.hasOwn(labels, key) ? (labels[key] ?? null) : null;
  if (labelValue !== conventions.enforcementDisabledValue) {
    return enabledPosture(
      selected ? "enforced" : "unselected",
      key,
      labelValue,
      !selected
        ? unselectedSummary(conventions)
        : labelValue === null
          ? "enforced"
          : `enforced (${key}=${labelValue} is not "${conventions.enforcementDisabledValue}")`,
    );
  }

  const since = labelSetAt(namespace.metadata.managedFields, key);
  const disabledForMs = since === null ? null : Math.max(0, now - Date.parse(since));
  const alert = disabledForMs === null ? null : enforcementAlertFor(disabledForMs, conventions);
  const { warning, critical } = conventions.enforcementAlerts;
  let nextAlertAt: string | null = null;
  if (since !== null && alert?.severity !== "critical") {
    const after = alert === null ? warning.afterMs : critical.afterMs;
    nextAlertAt = new Date(Date.parse(since) + after).toISOString();
  }
  const duration =
    disabledForMs === null
      ? "disabled since an unknown time"
      : `disabled for ${describeElapsed(disabledForMs)} (since ${since})`;
  const alertText =
    alert !== null
      ? `${alert.name} (${alert.severity}) is firing`
      : disabledForMs === null
        ? "alert state unknown"
        : `${warning.name} fires after ${describeElapsed(warning.afterMs)}`;
  return {
    state: "disabled",
    enabled: false,
    labelKey: key,
    labelValue,
    disabledSince: since,
    disabledForMs,
    sinceSource: since === null ? "unknown" : "managedFields",
    alert,
    nextAlertAt,
    reenableCommand: reenableCommand(namespace.metadata.name, conventions),
    runbook: conventions.escapeHatchRunbook,
    summary: `${duration}: ${alertText}`,
  };
}
