import { isRecord } from "./json-read";

// Label selectors with Kubernetes semantics, over Cilium endpoint identities.
//
// A pod's identity is its own labels plus the labels Cilium derives for it:
// `io.kubernetes.pod.namespace`, `io.cilium.k8s.namespace.labels.<key>` for each namespace label,
// `io.cilium.k8s.policy.serviceaccount` and `io.cilium.k8s.policy.cluster` (see CLUSTER_LABEL). All
// of them come from the "k8s" source. Reserved identities (world, host, health…) carry a single `reserved:<name>` label.
// Selector keys are read as Cilium's labels.parseSource reads them: "k8s:app" and "any:app" both
// mean the pod label "app" (every pod label has the k8s source), so they are normalised to "app";
// "reserved.<name>" (the extended-key form, without a colon) and "$<name>" are the reserved label
// "reserved:<name>"; other sources ("reserved:host", "container:x") keep their prefix and never
// match a pod label, so `reserved.none` DoesNotExist matches every pod.

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted, without duplicates; empty for Exists and DoesNotExist. */
  values: string[];
}

/** A label selector as a list of requirements that must all hold; no requirements selects everything. */
export interface Selector {
  requirements: SelectorRequirement[];
}

export type IdentityLabels = Readonly<Record<string, string>>;

export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";
export const SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";
/**
 * The cluster name every pod carries. Sieve sees one cluster and does not know its name unless an
 * identity carries the label (from a flow): a pod without it is taken to be in the cluster a
 * selector names (In, NotIn and Exists hold; DoesNotExist never does).
 */
export const CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";
/** Set by the API server on every namespace since Kubernetes 1.21. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
export const RESERVED_PREFIX = "reserved:";
/** Cilium's extended-key form of a reserved label, accepted in selector keys without a colon. */
const RESERVED_KEY_PREFIX = "reserved.";

const OPERATORS: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

export interface NamespaceInfo {
  name: string;
  /** The namespace's labels, always including kubernetes.io/metadata.name. */
  labels: Readonly<Record<string, string>>;
}

export function normalizeLabelKey(key: string): string {
  if (key.startsWith("k8s:")) return key.slice(4);
  if (key.startsWith("any:")) return key.slice(4);
  // Only a key without a source separator is read in the short forms (labels.parseSource).
  if (key.startsWith("$")) return RESERVED_PREFIX + key.slice(1);
  if (key.startsWith(RESERVED_KEY_PREFIX) && !key.includes(":"))
    return RESERVED_PREFIX + key.slice(RESERVED_KEY_PREFIX.length);
  return key;
}

export function labelValue(labels: IdentityLabels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

export function requirementMatches(requirement: SelectorRequirement, labels: IdentityLabels): boolean {
  const value = labelValue(labels, requirement.key);
  if (
    requirement.key === CLUSTER_LABEL &&
    value === undefined &&
    labelValue(labels, POD_NAMESPACE_LABEL) !== undefined
  )
    return requirement.operator !== "DoesNotExist";
  switch (requirement.operator) {
    case "In":
      return value !== undefined && requirement.values.includes(value);
    case "NotIn":
      return value === undefined || !requirement.values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
  }
}

export function selectorMatches(selector: Selector, labels: IdentityLabels): boolean {
  // Cilium's `reserved:all` label in matchLabels selects every identity.
  if (selector.requirements.some((r) => r.key === `${RESERVED_PREFIX}all` && r.operator === "In"))
    return true;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

export function hasKey(selector: Selector, key: string): boolean {
  return selector.requirements.some((r) => r.key === key);
}

export function hasKeyPrefix(selector: Selector, prefix: string): boolean {
  return selector.requirements.some((r) => r.key.startsWith(prefix));
}

export function withRequirement(selector: Selector, requirement: SelectorRequirement): Selector {
  return { requirements: [...selector.requirements, requirement] };
}

export interface ParsedSelector {
  /** null when the selector is malformed; callers must then select nothing (fail closed). */
  selector: Selector | null;
  problems: string[];
}

function labelText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/**
 * Reads a Kubernetes LabelSelector from untrusted JSON. `keyPrefix` is put in front of every key
 * (NetworkPolicy namespaceSelectors become `io.cilium.k8s.namespace.labels.<key>`).
 */
export function parseLabelSelector(raw: unknown, where: string, keyPrefix = ""): ParsedSelector {
  const problems: string[] = [];
  if (!isRecord(raw)) return { selector: null, problems: [`${where}: not a label selector object`] };
  const requirements: SelectorRequirement[] = [];
  const key = (k: string) => keyPrefix + (keyPrefix ? k : normalizeLabelKey(k));

  if (raw.matchLabels !== undefined && raw.matchLabels !== null) {
    if (!isRecord(raw.matchLabels))
      return { selector: null, problems: [`${where}.matchLabels: not an object`] };
    for (const [k, v] of Object.entries(raw.matchLabels)) {
      const text = labelText(v);
      if (text === null) return { selector: null, problems: [`${where}.matchLabels.${k}: not a string`] };
      if (typeof v !== "string") problems.push(`${where}.matchLabels.${k}: ${String(v)} should be quoted`);
      requirements.push({ key: key(k), operator: "In", values: [text] });
    }
  }

  if (raw.matchExpressions !== undefined && raw.matchExpressions !== null) {
    if (!Array.isArray(raw.matchExpressions)) {
      return { selector: null, problems: [`${where}.matchExpressions: not a list`] };
    }
    for (const [i, expression] of raw.matchExpressions.entries()) {
      const at = `${where}.matchExpressions[${i}]`;
      if (!isRecord(expression) || typeof expression.key !== "string") {
        return { selector: null, problems: [`${at}: needs a key`] };
      }
      const operator = expression.operator;
      if (typeof operator !== "string" || !OPERATORS.includes(operator as SelectorOperator)) {
        return {
          selector: null,
          problems: [`${at}.operator: ${JSON.stringify(operator)} is not In, NotIn, Exists or DoesNotExist`],
        };
      }
      const rawValues = expression.values ?? [];
      if (!Array.isArray(rawValues)) return { selector: null, problems: [`${at}.values: not a list`] };
      const values = rawValues.map(labelText);
      if (values.some((v) => v === null)) return { selector: null, problems: [`${at}.values: not strings`] };
      const op = operator as SelectorOperator;
      const needsValues = op === "In" || op === "NotIn";
      if (needsValues && values.length === 0) problems.push(`${at}: ${op} without values`);
      if (!needsValues && values.length > 0) problems.push(`${at}: ${op} takes no values`);
      requirements.push({
        key: key(expression.key),
        operator: op,
        values: needsValues ? [...new Set(values as string[])].sort() : [],
      });
    }
  }
  return { selector: { requirements }, problems };
}

/** The namespace as identities see it: the API server's name label is always there. */
export function namespaceInfo(name: string, labels: Readonly<Record<string, string>> = {}): NamespaceInfo {
  return { name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name } };
}

// A namespace's part of its pods' identities is the same for every pod and every policy asking:
// built once per NamespaceInfo (never edited after namespaceInfo made it).
const namespaceIdentities = new WeakMap<NamespaceInfo, IdentityLabels>();

/** The labels a namespace gives each of its pods' identities: its name and its labels, prefixed. */
export function namespaceIdentityLabels(namespace: NamespaceInfo): IdentityLabels {
  const known = namespaceIdentities.get(namespace);
  if (known) return known;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(namespace.labels)) labels[NAMESPACE_LABELS_PREFIX + k] = v;
  labels[POD_NAMESPACE_LABEL] = namespace.name;
  namespaceIdentities.set(namespace, labels);
  return labels;
}

/** The identity labels Cilium gives a pod. */
export function podIdentityLabels(
  podLabels: Readonly<Record<string, string>>,
  namespace: NamespaceInfo,
  serviceAccount = "default",
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(podLabels)) labels[normalizeLabelKey(k)] = v;
  Object.assign(labels, namespaceIdentityLabels(namespace));
  labels[SERVICE_ACCOUNT_LABEL] = serviceAccount;
  return labels;
}

export function entityIdentityLabels(entity: string): Record<string, string> {
  return { [RESERVED_PREFIX + entity]: "" };
}

/** Which part of an identity a selector key looks at; "cluster": the same for every pod. */
export type KeyScope = "namespace-name" | "namespace-label" | "cluster" | "pod" | "other-source";

export function keyScope(key: string): KeyScope {
  if (key === POD_NAMESPACE_LABEL) return "namespace-name";
  if (key === CLUSTER_LABEL) return "cluster";
  if (key.startsWith(NAMESPACE_LABELS_PREFIX)) return "namespace-label";
  if (key.includes(":")) return "other-source";
  return "pod";
}
