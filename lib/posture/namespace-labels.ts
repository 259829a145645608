import type { Conventions, ProfileDefinition, AccessLabelDefinition } from "@/lib/conventions/conventions";

export interface NamespaceLabelSummary {
  name: string;
  kind: "platform" | "application";
  /** Profile name as labelled (annotation form accepted), even when it is not a known profile. */
  profile: string | null;
  /** Where the profile was found; Cilium can only select namespaces by labels. */
  profileSource: "label" | "annotation" | null;
  profileDefinition: ProfileDefinition | null;
  accessLabels: AccessLabelDefinition[];
  /** Access-label keys present with a value other than the expected one ("yes", "false"…). */
  malformedAccessLabels: { key: string; value: string }[];
  enforcementDisabled: boolean;
}

/** What a namespace's labels say under the conventions; no policy evaluation. */
export function summarizeNamespaceLabels(
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  conventions: Conventions,
): NamespaceLabelSummary {
  const labelled = labels[conventions.profileLabel];
  const annotated = annotations[conventions.profileLabel];
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
  return {
    name,
    kind: conventions.platformNamespaces.includes(name) ? "platform" : "application",
    profile,
    profileSource: labelled !== undefined ? "label" : annotated !== undefined ? "annotation" : null,
    profileDefinition: conventions.profiles.find((p) => p.name === profile) ?? null,
    accessLabels,
    malformedAccessLabels,
    enforcementDisabled: labels[conventions.enforcementLabel] === conventions.enforcementDisabledValue,
  };
}
