import type { Conventions, ProfileDefinition, AccessLabelDefinition } from "@/lib/conventions/conventions";

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
  enforcementDisabled: boolean;
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
  return {
    name,
    kind: platform ? "platform" : "application",
    profile,
    profileSource: labelled !== undefined ? "label" : annotated !== undefined ? "annotation" : null,
    profileDefinition: conventions.profiles.find((p) => p.name === profile) ?? null,
    accessLabels,
    malformedAccessLabels,
    enforcementDisabled: labels[conventions.enforcementLabel] === conventions.enforcementDisabledValue,
  };
}
