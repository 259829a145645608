import "server-only";
import { oneLineComment } from "@/lib/gitops/cnp-rule-yaml";
import { yamlKey, yamlString } from "@/lib/gitops/yaml-scalar";

// The demo repository's namespaces file: a Flux Operator ResourceSet whose inputs are the seed's
// `- name: … / labels: …` entries and whose template writes one Namespace per input with those
// labels. A header, one comment per group and each namespace's purpose beside its name.

export interface NamespaceEntry {
  name: string;
  labels: Record<string, string>;
  /** One line written after the name. */
  purpose?: string;
}

export interface NamespaceGroup {
  comment: string;
  entries: NamespaceEntry[];
}

const HEADER = [
  "# Namespaces of the homelab cluster and the network-policy labels they carry.",
  "# Flux applies this file; change labels here and let the pull request be reviewed, never with",
  "# `kubectl label` (the escape hatch network-policy.homelab/enforcement=disabled excepted).",
  "#",
  "# Apps pick a profile (network-policy.homelab/profile: isolated | internal | internal-egress |",
  '# standard) and opt in to shared resources with access.network-policy.homelab/<resource>: "true".',
  "# Platform namespaces never carry a profile: each has a hand-crafted CiliumNetworkPolicy in",
  "# config/network-policy/platform/.",
  "apiVersion: fluxcd.controlplane.io/v1",
  "kind: ResourceSet",
  "metadata:",
  "  name: namespaces",
  "  namespace: flux-system",
  "spec:",
  "  inputs:",
];

const TEMPLATE = [
  "  resourcesTemplate: |",
  "    apiVersion: v1",
  "    kind: Namespace",
  "    metadata:",
  "      name: << inputs.name >>",
  "      labels:",
  "        <<- range $key, $value := inputs.labels >>",
  "        << $key >>: << $value | quote >>",
  "        <<- end >>",
];

function entryLines(entry: NamespaceEntry): string[] {
  const purpose = entry.purpose ? ` # ${oneLineComment(entry.purpose)}` : "";
  const lines = [`    - name: ${yamlString(entry.name)}${purpose}`];
  const labels = Object.entries(entry.labels);
  if (labels.length === 0) lines.push("      labels: {}");
  else {
    lines.push("      labels:");
    for (const [key, value] of labels) lines.push(`        ${yamlKey(key)}: ${yamlString(value)}`);
  }
  return lines;
}

export function namespacesFileText(groups: readonly NamespaceGroup[]): string {
  const lines = [...HEADER];
  for (const group of groups) {
    lines.push(`    # ${oneLineComment(group.comment)}`);
    for (const entry of group.entries) lines.push(...entryLines(entry));
  }
  return [...lines, ...TEMPLATE].join("\n") + "\n";
}
