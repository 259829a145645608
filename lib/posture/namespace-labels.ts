import {
  DEFAULT_CONVENTIONS,
  type AccessLabelDefinition,
  type Conventions,
  type NamespaceLabel,
  type ProfileDefinition,
} from "@/lib/conventions/conventions";

export interface NamespaceLabelSummary {
  name: string;
  kind: "platform" | "application";
  /** Profile name as labelled, even when it is not a known profile (or a known one set as an annotation). */
  profile: string | null;
  /** Where the profile was found; Cilium can only select namespaces by labels. */
  profileSource: "label" | "annotation" | null;
  profileDefinition: ProfileDefinition | null;
  accessLabels: AccessLabelDefinition[];
  /** Access-label keys present with a value other than the expected one ("yes", "false"…). */
  malformedAccessLabels: { key: string; value: string }[];
  /**
   * Labels under the access-label prefix (the conventions', or the built-in one) set to the "on"
   * value that name no access label: no access policy selects them, so they open nothing.
   */
  unknownAccessLabels: NamespaceLabel[];
  /** The built-in profile label when the conventions' profile label is another (or none): no profile policy reads it. */
  foreignProfileLabel: NamespaceLabel | null;
  enforcementDisabled: boolean;
}

/** Keys the conventions read for something else; never taken for an access label. */
function conventionKeys(conventions: Conventions): Set<string> {
  const keys = [conventions.profileLabel, conventions.enforcementLabel, conventions.baselineOptIn?.key ?? ""];
  return new Set(keys.filter((k) => k !== ""));
}

function unknownAccessLabels(labels: Record<string, string>, conventions: Conventions): NamespaceLabel[] {
  const prefixes = [
    ...new Set(
      [conventions.accessLabelPrefix, DEFAULT_CONVENTIONS.accessLabelPrefix].filter((p) => p !== ""),
    ),
  ];
  const known = new Set(conventions.accessLabels.map((a) => conventions.accessLabelPrefix + a.name));
  const reserved = conventionKeys(conventions);
  const onValue = conventions.accessLabelValue || DEFAULT_CONVENTIONS.accessLabelValue;
  return Object.entries(labels)
    .filter(([key, value]) => value === onValue && !known.has(key) && !reserved.has(key))
    .filter(([key]) => prefixes.some((p) => key.startsWith(p) && key.length > p.length))
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** What a namespace's labels say under the conventions; no policy evaluation. */
export function summarizeNamespaceLabels(
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  conventions: Conventions,
): NamespaceLabelSummary {
  const platform = conventions.platformNamespaces.includes(name);
  const labelled = labels[conventions.profileLabel];
  // Cilium selects namespaces by labels only: an annotation naming one of the profiles is the
  // pitfall of an app that meant to set it; any other annotation (a template writing "platform"
  // beside the label, a note) is no profile at all.
  const raw = annotations[conventions.profileLabel];
  const annotated =
    labelled === undefined && !platform && conventions.profiles.some((p) => p.name === raw) ? raw : undefined;
  const profile = labelled ?? annotated ?? null;
  const accessLabels: AccessLabelDefinition[] = [];
  const malformedAccessLabels: { key: string; value: string }[] = [];
  for (const definition of conventions.accessLabels) {
    const key = conventions.accessLabelPrefix + definition.name;
    const value = labels[key];
    if (value === undefined) continue;
    if (value === conventions.accessLabelValue) accessLabels.push(definition);
    else malformedAccessLabels.push({ key, value });
  }
  const fallbackKey = DEFAULT_CONVENTIONS.profileLabel;
  const foreign = fallbackKey !== conventions.profileLabel ? labels[fallbackKey] : undefined;
  return {
    name,
    kind: platform ? "platform" : "application",
    profile,
    profileSource: labelled !== undefined ? "label" : annotated !== undefined ? "annotation" : null,
    profileDefinition: conventions.profiles.find((p) => p.name === profile) ?? null,
    accessLabels,
    malformedAccessLabels,
    unknownAccessLabels: unknownAccessLabels(labels, conventions),
    foreignProfileLabel:
      foreign === undefined || conventionKeys(conventions).has(fallbackKey)
        ? null
        : { key: fallbackKey, value: foreign },
    enforcementDisabled: labels[conventions.enforcementLabel] === conventions.enforcementDisabledValue,
  };
}
