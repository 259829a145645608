import "server-only";
import type { ManagedFieldsEntry, Namespace } from "@/lib/kube/types";
import type { NamespaceSpec } from "./homelab-catalog";
import { ACCESS_PREFIX, AMBIENT_LABEL, ENFORCEMENT_LABEL, PROFILE_LABEL } from "./homelab-constants";
import { daysAgo, fluxLabels, kubeTime, objectMeta } from "./object-meta";

const HOUR_MS = 3_600_000;

/** The labels the GitOps repository declares for the namespace (what kustomize-controller applies). */
export function declaredLabels(spec: NamespaceSpec): Record<string, string> {
  const labels: Record<string, string> = {};
  if (spec.profile) labels[PROFILE_LABEL] = spec.profile;
  for (const access of spec.access ?? []) labels[`${ACCESS_PREFIX}${access}`] = "true";
  if (spec.ambient) labels[AMBIENT_LABEL] = "ambient";
  return { ...labels, ...spec.labels };
}

/** fieldsV1 naming the labels (and annotations) a manager owns. */
function ownedFields(labels: string[], annotations: string[] = []): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    "f:labels": Object.fromEntries(labels.map((key) => [`f:${key}`, {}])),
  };
  if (annotations.length > 0) {
    metadata["f:annotations"] = Object.fromEntries(annotations.map((key) => [`f:${key}`, {}]));
  }
  return { "f:metadata": metadata };
}

export function namespaceObject(spec: NamespaceSpec, now: number): Namespace {
  const created = daysAgo(now, spec.ageDays);
  const fluxManaged = spec.name !== "kube-system";
  const declared = { ...declaredLabels(spec), ...(fluxManaged ? fluxLabels("platform-namespaces") : {}) };
  const labels: Record<string, string> = { "kubernetes.io/metadata.name": spec.name, ...declared };
  const managedFields: ManagedFieldsEntry[] = [];
  if (fluxManaged) {
    managedFields.push({
      manager: "kustomize-controller",
      operation: "Apply",
      apiVersion: "v1",
      // Flux re-applies on every change to namespaces.yaml; the last one was a few days ago.
      time: daysAgo(now, Math.min(spec.ageDays, 4)),
      fieldsType: "FieldsV1",
      fieldsV1: ownedFields(Object.keys(declared), Object.keys(spec.annotations ?? {})),
    });
  }
  if (spec.enforcementDisabledHoursAgo !== undefined) {
    // The escape hatch is a kubectl label, not a git change: its managedFields entry is the only
    // record of when enforcement was switched off.
    labels[ENFORCEMENT_LABEL] = "disabled";
    managedFields.push({
      manager: "kubectl-label",
      operation: "Update",
      apiVersion: "v1",
      time: kubeTime(now - spec.enforcementDisabledHoursAgo * HOUR_MS),
      fieldsType: "FieldsV1",
      fieldsV1: ownedFields([ENFORCEMENT_LABEL]),
    });
  }
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: objectMeta("Namespace", spec.name, created, {
      labels,
      ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
      ...(managedFields.length > 0 ? { managedFields } : {}),
    }),
    status: { phase: "Active" },
  };
}
