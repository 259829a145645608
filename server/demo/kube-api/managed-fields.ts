import "server-only";
import type { KubeObject, ManagedFieldsEntry } from "@/lib/kube/types";

// The API server records who last set each field in metadata.managedFields. The demo tracks
// labels only: that is what Sieve reads (when was the enforcement label set, and by whom).

type FieldsV1 = { "f:metadata"?: { "f:labels"?: Record<string, unknown> } } & Record<string, unknown>;

function labelKeys(entry: ManagedFieldsEntry): string[] {
  const labels = (entry.fieldsV1 as FieldsV1 | undefined)?.["f:metadata"]?.["f:labels"] ?? {};
  return Object.keys(labels)
    .filter((key) => key.startsWith("f:"))
    .map((key) => key.slice(2));
}

function withLabelKeys(entry: ManagedFieldsEntry, keys: string[]): ManagedFieldsEntry {
  const fields = structuredClone((entry.fieldsV1 ?? {}) as FieldsV1);
  const metadata = { ...fields["f:metadata"] };
  if (keys.length > 0) metadata["f:labels"] = Object.fromEntries(keys.sort().map((k) => [`f:${k}`, {}]));
  else delete metadata["f:labels"];
  if (Object.keys(metadata).length > 0) fields["f:metadata"] = metadata;
  else delete fields["f:metadata"];
  return { ...entry, fieldsV1: fields };
}

function isEmpty(entry: ManagedFieldsEntry): boolean {
  return Object.keys(entry.fieldsV1 ?? {}).length === 0;
}

/** The field manager a request writes as: `?fieldManager=`, else the client's name from its User-Agent. */
export function fieldManagerOf(params: URLSearchParams, userAgent: string | undefined): string {
  const explicit = params.get("fieldManager");
  if (explicit) return explicit.slice(0, 128);
  const client = (userAgent ?? "").split("/")[0]?.trim();
  return client ? client.slice(0, 128) : "unknown";
}

/**
 * managedFields after `manager` wrote `next` over `previous`: labels it added or changed become
 * its own (stamped `time`), labels it removed leave every entry, entries left empty disappear.
 * What a client sends in metadata.managedFields is ignored, as the API server does for updates.
 */
export function trackLabelOwnership(
  previous: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  time: string,
): ManagedFieldsEntry[] {
  const before = previous?.metadata.labels ?? {};
  const after = next.metadata.labels ?? {};
  const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
  const removed = new Set(Object.keys(before).filter((key) => !(key in after)));
  const entries = (previous?.metadata.managedFields ?? []).map((entry) => {
    const keys = labelKeys(entry).filter((key) => !removed.has(key) && !changed.includes(key));
    return withLabelKeys(entry, keys);
  });
  if (changed.length === 0) return entries.filter((entry) => !isEmpty(entry));
  const own = entries.findIndex((entry) => entry.manager === manager && entry.operation === "Update");
  const base: ManagedFieldsEntry =
    own >= 0
      ? entries[own]!
      : { manager, operation: "Update", apiVersion: next.apiVersion, fieldsType: "FieldsV1", fieldsV1: {} };
  const updated = withLabelKeys({ ...base, time }, [...new Set([...labelKeys(base), ...changed])]);
  const rest = entries.filter((_, i) => i !== own).filter((entry) => !isEmpty(entry));
  return [...rest, updated];
}
