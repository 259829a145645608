// Platform namespaces the GitOps repository declares as such: a ResourceSet that writes the
// profile label for some of its inputs and not for others has an input that turns the profile
// off (`network.profile: ""`, `platform: true`…) — the runbook's sign of a platform namespace.

import { isRecord } from "@/lib/policy/json-read";
import type { RepositoryRender } from "@/lib/render/rendered";

export interface DeclaredPlatformNamespace {
  name: string;
  /** "ResourceSet flux-system/namespaces (platform/namespaces.yaml), input monitoring: no profile, unlike 3 others". */
  source: string;
}

export function platformNamespacesDeclaredByTemplates(
  render: RepositoryRender,
  profileLabel: string,
): DeclaredPlatformNamespace[] {
  if (profileLabel === "") return [];
  const byResourceSet = new Map<
    string,
    Array<{ name: string; profiled: boolean; file: string; input: string }>
  >();
  for (const { object, origin } of render.objects) {
    if (object.kind !== "Namespace" || !origin.template || !isRecord(object.metadata)) continue;
    const { name, labels } = object.metadata;
    if (typeof name !== "string") continue;
    const entries = byResourceSet.get(origin.template.resourceSet) ?? [];
    entries.push({
      name,
      profiled: isRecord(labels) && typeof labels[profileLabel] === "string",
      file: origin.template.file,
      input: origin.template.inputName ?? String(origin.template.inputIndex + 1),
    });
    byResourceSet.set(origin.template.resourceSet, entries);
  }
  const declared: DeclaredPlatformNamespace[] = [];
  for (const [resourceSet, entries] of byResourceSet) {
    const profiled = entries.filter((e) => e.profiled).length;
    if (profiled === 0) continue;
    for (const entry of entries.filter((e) => !e.profiled)) {
      declared.push({
        name: entry.name,
        source: `ResourceSet ${resourceSet} (${entry.file}), input ${entry.input}: no ${profileLabel}, unlike ${profiled} other input${profiled === 1 ? "" : "s"}`,
      });
    }
  }
  return declared.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
