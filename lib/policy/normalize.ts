import type { CiliumClusterwideNetworkPolicy, CiliumNetworkPolicy, NetworkPolicy } from "@/lib/kube/types";
import type { NormalizedPolicy, PolicyKind, PolicyRef } from "./model";
import { isRecord, objectIdentity } from "./json-read";
import { normalizeCiliumRuleSet } from "./normalize-cilium";
import { normalizeNetworkPolicy } from "./normalize-network-policy";

function refOf(kind: PolicyKind, object: unknown, problems: string[]): PolicyRef {
  const { name, namespace } = objectIdentity(object, problems);
  if (kind === "CCNP") return { kind, name };
  if (!namespace) problems.push("metadata.namespace: missing, read as default");
  return { kind, namespace: namespace ?? "default", name };
}

function baseId(ref: PolicyRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

function normalizeCilium(kind: "CCNP" | "CNP", object: unknown): NormalizedPolicy[] {
  const problems: string[] = [];
  const ref = refOf(kind, object, problems);
  const id = baseId(ref);
  const record = isRecord(object) ? object : {};
  const hasSpec = record.spec !== undefined && record.spec !== null;
  const specs = Array.isArray(record.specs) ? record.specs : [];
  if (record.specs !== undefined && record.specs !== null && !Array.isArray(record.specs)) {
    problems.push("specs: not a list");
  }
  if (!hasSpec && specs.length === 0) return [normalizeCiliumRuleSet(undefined, ref, id, "spec", problems)];
  const result: NormalizedPolicy[] = [];
  if (hasSpec) result.push(normalizeCiliumRuleSet(record.spec, ref, id, "spec", problems));
  for (const [i, spec] of specs.entries()) {
    const section = `specs[${i}]`;
    result.push(normalizeCiliumRuleSet(spec, ref, `${id}#${section}`, section, hasSpec ? [] : problems));
  }
  return result;
}

// Normalizing is the costliest step of reading a cluster, and every recomputation (conventions,
// posture, evaluation, the view refreshed every few seconds) reads the same objects again: the
// Kubernetes cache replaces an object when it changes, never edits it. So each object's policies
// are kept beside it, per kind. A NormalizedPolicy is never edited after this point; a duplicate id
// gets a renamed copy.
const normalizedByKind: Record<PolicyKind, WeakMap<object, readonly NormalizedPolicy[]>> = {
  CCNP: new WeakMap(),
  CNP: new WeakMap(),
  NetworkPolicy: new WeakMap(),
};

function normalizedOnce(
  kind: PolicyKind,
  object: unknown,
  normalize: () => readonly NormalizedPolicy[],
): readonly NormalizedPolicy[] {
  if (!isRecord(object)) return normalize();
  const cache = normalizedByKind[kind];
  const known = cache.get(object);
  if (known) return known;
  const value = normalize();
  cache.set(object, value);
  return value;
}

function normalizeNetworkPolicyObject(object: unknown): NormalizedPolicy[] {
  const problems: string[] = [];
  const ref = refOf("NetworkPolicy", object, problems);
  return [normalizeNetworkPolicy(object, ref, baseId(ref), problems)];
}

/**
 * All policies of the cluster in Sieve's model. Malformed objects never throw: they normalize to
 * policies that select or allow less (never more), with `problems` saying why.
 */
export function normalizePolicies(
  ccnps: readonly CiliumClusterwideNetworkPolicy[],
  cnps: readonly CiliumNetworkPolicy[],
  netpols: readonly NetworkPolicy[],
): NormalizedPolicy[] {
  const result: NormalizedPolicy[] = [];
  for (const object of ccnps as readonly unknown[])
    result.push(...normalizedOnce("CCNP", object, () => normalizeCilium("CCNP", object)));
  for (const object of cnps as readonly unknown[])
    result.push(...normalizedOnce("CNP", object, () => normalizeCilium("CNP", object)));
  for (const object of netpols as readonly unknown[])
    result.push(...normalizedOnce("NetworkPolicy", object, () => normalizeNetworkPolicyObject(object)));
  // Duplicate names only come from malformed input, but ids must stay unique for indexes.
  const seen = new Map<string, number>();
  for (let i = 0; i < result.length; i += 1) {
    const policy = result[i]!;
    const count = (seen.get(policy.id) ?? 0) + 1;
    seen.set(policy.id, count);
    if (count > 1) result[i] = { ...policy, id: `${policy.id}~${count}` };
  }
  return result;
}
