// Platform namespaces the GitOps repository declares as such: a ResourceSet that writes the
// profile label from an input field (`network.profile: standard`) and has inputs that set that
// same field to a value rendering no profile (`network.profile: ""`, `none`) — the repository
// turning the profile off on purpose, the runbook's sign of a platform namespace. An input that
// merely lacks the field is an application without a profile, not a declaration.

import { isRecord } from "@/lib/policy/json-read";
import type { RenderedObject, RepositoryRender } from "@/lib/render/rendered";

export interface DeclaredPlatformNamespace {
  name: string;
  /** 'ResourceSet flux-system/namespaces (namespaces.yaml): input monitoring sets network.profile to ""'. */
  source: string;
}

/** Every scalar leaf of an input, by dotted path. */
function leaves(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (!Array.isArray(value)) out.set(prefix, value);
  return out;
}

interface TemplatedNamespace {
  name: string;
  profile: string | undefined;
  input: Map<string, unknown>;
  inputName: string;
  file: string;
}

function inputsOf(render: RepositoryRender): Map<string, unknown[]> {
  const inputs = new Map<string, unknown[]>();
  for (const { object } of render.objects) {
    if (object.kind !== "ResourceSet" || !isRecord(object.metadata) || !isRecord(object.spec)) continue;
    const key = `${String(object.metadata.namespace ?? "")}/${String(object.metadata.name ?? "")}`;
    if (Array.isArray(object.spec.inputs)) inputs.set(key, object.spec.inputs);
  }
  return inputs;
}

function templated(rendered: RenderedObject, profileLabel: string, inputs: Map<string, unknown[]>) {
  const { object, origin } = rendered;
  const template = origin.template;
  if (object.kind !== "Namespace" || !template || template.inputSource !== "inputs") return null;
  if (!isRecord(object.metadata) || typeof object.metadata.name !== "string") return null;
  const labels = isRecord(object.metadata.labels) ? object.metadata.labels : {};
  const input = inputs.get(template.resourceSet)?.[template.inputIndex];
  return {
    name: object.metadata.name,
    profile: typeof labels[profileLabel] === "string" ? labels[profileLabel] : undefined,
    input: leaves(input),
    inputName: template.inputName ?? String(template.inputIndex + 1),
    file: template.file,
  };
}

function turnsOff(value: unknown): boolean {
  return (
    value === null ||
    value === false ||
    (typeof value === "string" &&
      ["", "none", "null", "false", "platform", "off", "disabled"].includes(value.toLowerCase()))
  );
}

export function platformNamespacesDeclaredByTemplates(
  render: RepositoryRender,
  profileLabel: string,
): DeclaredPlatformNamespace[] {
  if (profileLabel === "") return [];
  const inputs = inputsOf(render);
  const byResourceSet = new Map<string, TemplatedNamespace[]>();
  for (const rendered of render.objects) {
    const entry = templated(rendered, profileLabel, inputs);
    if (!entry) continue;
    const key = rendered.origin.template!.resourceSet;
    byResourceSet.set(key, [...(byResourceSet.get(key) ?? []), entry]);
  }
  const declared: DeclaredPlatformNamespace[] = [];
  for (const [resourceSet, entries] of byResourceSet) {
    const profiled = entries.filter((e) => e.profile !== undefined);
    if (profiled.length === 0) continue;
    // The input fields that hold the profile: equal to the rendered profile in every profiled input.
    const profileFields = [...profiled[0]!.input.keys()].filter((path) =>
      profiled.every((e) => e.input.has(path) && String(e.input.get(path)) === e.profile),
    );
    for (const entry of entries.filter((e) => e.profile === undefined)) {
      // Only a value that says "none" declares; any other value is a coincidence of fields.
      const field = profileFields.find((path) => entry.input.has(path) && turnsOff(entry.input.get(path)));
      if (field === undefined) continue;
      declared.push({
        name: entry.name,
        source: `ResourceSet ${resourceSet} (${entry.file}): input ${entry.inputName} sets ${field} to ${JSON.stringify(entry.input.get(field))}`,
      });
    }
  }
  return declared.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
