import { isRecord } from "@/lib/policy/json-read";
import type { KindObjectMap, ManagedFieldsEntry, ObjectMeta, WatchedKind } from "./types";

// What Sieve keeps of a watched object: the fields it reads, so a cache of thousands of pods costs
// their names, labels and a few flags rather than their containers, statuses and field managers
// (a real pod is kilobytes of JSON). Policies keep their whole spec: it is what Sieve reads.
// Strings that repeat across objects (label keys and values, phases, node names) go through
// `intern`, so each is held once however many objects carry it.

/** Returns one shared copy of equal strings; the identity function keeps them as they are. */
export type StringInterner = (text: string) => string;

/** The annotation `kubectl apply` writes: a copy of the whole object, read by nothing in Sieve. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function stringMap(
  value: unknown,
  intern: StringInterner,
  skip?: string,
): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const result: Record<string, string> = {};
  for (const [key, text] of Object.entries(value))
    if (typeof text === "string" && key !== skip) result[intern(key)] = intern(text);
  return result;
}

/** The entries owning labels, each reduced to who, when and which labels (lib/posture/enforcement). */
function labelOwners(value: unknown, intern: StringInterner): ManagedFieldsEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const owners: ManagedFieldsEntry[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || !isRecord(entry.fieldsV1)) continue;
    const metadata = entry.fieldsV1["f:metadata"];
    const labels = isRecord(metadata) ? metadata["f:labels"] : undefined;
    if (!isRecord(labels)) continue;
    const owned: Record<string, unknown> = {};
    for (const key of Object.keys(labels)) owned[intern(key)] = {};
    owners.push({
      manager: typeof entry.manager === "string" ? intern(entry.manager) : undefined,
      operation: typeof entry.operation === "string" ? intern(entry.operation) : undefined,
      time: typeof entry.time === "string" ? entry.time : undefined,
      fieldsV1: { "f:metadata": { "f:labels": owned } },
    });
  }
  return owners;
}

function slimMetadata(value: unknown, intern: StringInterner, withOwners: boolean): ObjectMeta {
  const metadata = isRecord(value) ? value : {};
  const slim: ObjectMeta = { name: typeof metadata.name === "string" ? metadata.name : "" };
  if (typeof metadata.namespace === "string") slim.namespace = intern(metadata.namespace);
  if (typeof metadata.uid === "string") slim.uid = metadata.uid;
  if (typeof metadata.resourceVersion === "string") slim.resourceVersion = metadata.resourceVersion;
  if (typeof metadata.creationTimestamp === "string") slim.creationTimestamp = metadata.creationTimestamp;
  const labels = stringMap(metadata.labels, intern);
  if (labels) slim.labels = labels;
  const annotations = stringMap(metadata.annotations, intern, LAST_APPLIED);
  if (annotations && Object.keys(annotations).length > 0) slim.annotations = annotations;
  const owners = withOwners ? labelOwners(metadata.managedFields, intern) : undefined;
  if (owners && owners.length > 0) slim.managedFields = owners;
  return slim;
}

function phaseOnly(value: unknown, intern: StringInterner): { phase?: string } | undefined {
  return isRecord(value) && typeof value.phase === "string" ? { phase: intern(value.phase) } : undefined;
}

/**
 * `object` (as the API server sent it, apiVersion and kind filled in) reduced to what Sieve reads of
 * its kind. Namespaces keep the field managers of their labels (when the escape hatch was set, and
 * by whom); pods keep their labels, phase, host-network flag, service account and node.
 */
export function slimObject<K extends WatchedKind>(
  kind: K,
  object: Record<string, unknown>,
  intern: StringInterner = (text) => text,
): KindObjectMap[K] {
  const metadata = slimMetadata(object.metadata, intern, kind === "namespaces");
  const base = { apiVersion: intern(String(object.apiVersion)), kind: intern(String(object.kind)), metadata };
  if (kind === "namespaces") {
    const status = phaseOnly(object.status, intern);
    return (status ? { ...base, status } : base) as KindObjectMap[K];
  }
  if (kind === "pods") {
    const spec = isRecord(object.spec) ? object.spec : {};
    const slimSpec: NonNullable<KindObjectMap["pods"]["spec"]> = {};
    if (typeof spec.nodeName === "string") slimSpec.nodeName = intern(spec.nodeName);
    if (spec.hostNetwork === true) slimSpec.hostNetwork = true;
    if (typeof spec.serviceAccountName === "string")
      slimSpec.serviceAccountName = intern(spec.serviceAccountName);
    const status = phaseOnly(object.status, intern);
    return { ...base, spec: slimSpec, ...(status ? { status } : {}) } as KindObjectMap[K];
  }
  // Policies: the spec is what Sieve reads, all of it.
  const rest: Record<string, unknown> = {};
  if (object.spec !== undefined) rest.spec = object.spec;
  if (object.specs !== undefined) rest.specs = object.specs;
  return { ...base, ...rest } as KindObjectMap[K];
}
