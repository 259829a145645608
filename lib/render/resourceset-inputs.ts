// A ResourceSet's effective input sets, combined as flux-operator does (github.com/controlplaneio-
// fluxcd/flux-operator internal/inputs/combine.go, flattener.go, provider.go; api/v1
// resourceset_types.go GetInputs; internal/controller/resourcesetinputprovider_controller.go for
// Static; https://fluxoperator.dev/docs/crd/resourcesetinputprovider.md):
// - the in-line `spec.inputs` come first, then the inputs of each provider selected by
//   `spec.inputsFrom` (by `name`, or by label `selector`, always in the ResourceSet's namespace),
//   providers sorted by namespace and name (strategy Flatten, the default);
// - every input set gets `provider: {apiVersion, kind, name, namespace}` naming where it came from
//   (the ResourceSet itself for in-line inputs);
// - a Static provider exports one input set: its `spec.defaultValues` plus `id`, an adler32 of the
//   provider's cluster UID (unknown to the repository, so left out: a template reading it fails
//   with a message saying why);
// - every other provider type (GitHub/GitLab/… pull requests, branches, tags, OCI artifact tags,
//   external services) gets its inputs from the network: reported, never silently empty;
// - strategy Permute (Cartesian product, inputs scoped by provider name) is reported as not rendered.
// Values are copied through JSON, as the operator's encoding/json round trip does.

import type { KubeManifest } from "./rendered";
import { asRecord, stringEntries } from "@/lib/policy/json-read";
import { parseLabelSelector, selectorMatches } from "@/lib/policy/selector";

export interface EffectiveInput {
  values: Record<string, unknown>;
  /** "inputs" for in-line inputs, `<namespace>/<name>` of the provider otherwise. */
  source: string;
  /** Whether it came from a Static provider (whose `id` the repository cannot know). */
  fromStaticProvider: boolean;
}

export interface EffectiveInputs {
  inputs: EffectiveInput[];
  /** Whether `spec.inputsFrom` is set (then zero inputs render nothing, as in the operator). */
  usesProviders: boolean;
  /** Why some inputs are unknown; the ResourceSet is rendered without them. */
  unresolved: string[];
  /** Set when the ResourceSet cannot be rendered at all. */
  notRendered: string | null;
}

type Json = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function jsonCopy(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function providerRef(object: KubeManifest, namespace: string): Json {
  const metadata = asRecord(object.metadata);
  return {
    apiVersion: text(object.apiVersion),
    kind: text(object.kind),
    name: text(metadata.name),
    namespace: text(metadata.namespace) || namespace,
  };
}

export function resourceSetId(resourceSet: KubeManifest): { namespace: string; name: string; id: string } {
  const metadata = asRecord(resourceSet.metadata);
  const namespace = text(metadata.namespace);
  const name = text(metadata.name);
  return { namespace, name, id: `${namespace}/${name}` };
}

function isInputProvider(object: KubeManifest): boolean {
  return (
    object.kind === "ResourceSetInputProvider" &&
    text(object.apiVersion).startsWith("fluxcd.controlplane.io/")
  );
}

export function effectiveInputs(
  resourceSet: KubeManifest,
  providers: readonly KubeManifest[],
): EffectiveInputs {
  const spec = asRecord(resourceSet.spec);
  const { namespace, id } = resourceSetId(resourceSet);
  const strategy = text(asRecord(spec.inputStrategy).name) || "Flatten";
  const inputsFrom = Array.isArray(spec.inputsFrom) ? spec.inputsFrom : [];
  const result: EffectiveInputs = {
    inputs: [],
    usesProviders: inputsFrom.length > 0,
    unresolved: [],
    notRendered: null,
  };
  if (strategy !== "Flatten") {
    result.notRendered = `ResourceSet ${id}: input strategy ${strategy} is not rendered by Sieve (only Flatten)`;
    return result;
  }

  const inline = Array.isArray(spec.inputs) ? spec.inputs : [];
  for (const value of inline) {
    const values = jsonCopy(asRecord(value));
    values.provider = providerRef(resourceSet, namespace);
    result.inputs.push({ values, source: "inputs", fromStaticProvider: false });
  }

  const inNamespace = providers.filter((p) => {
    const ns = text(asRecord(p.metadata).namespace);
    return isInputProvider(p) && (ns === "" || ns === namespace);
  });
  const selected = new Map<string, KubeManifest>();
  inputsFrom.forEach((rawRef, i) => {
    const ref = asRecord(rawRef);
    const refName = text(ref.name);
    if (refName) {
      const match = inNamespace.find((p) => text(asRecord(p.metadata).name) === refName);
      if (match) selected.set(refName, match);
      else
        result.unresolved.push(
          `ResourceSet ${id}: inputsFrom[${i}] ResourceSetInputProvider ${namespace}/${refName} is not in the repository; its inputs are unknown`,
        );
      return;
    }
    const parsed = parseLabelSelector(ref.selector, `inputsFrom[${i}].selector`);
    if (!parsed.selector) {
      result.unresolved.push(`ResourceSet ${id}: inputsFrom[${i}] has neither a name nor a valid selector`);
      return;
    }
    const selector = parsed.selector;
    const matches = inNamespace.filter((p) =>
      selectorMatches(selector, stringEntries(asRecord(p.metadata).labels)),
    );
    if (matches.length === 0) {
      result.unresolved.push(
        `ResourceSet ${id}: inputsFrom[${i}] selector matches no ResourceSetInputProvider in the repository; its inputs are unknown`,
      );
    }
    for (const match of matches) selected.set(text(asRecord(match.metadata).name), match);
  });

  const sorted = [...selected.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, provider] of sorted) {
    const providerSpec = asRecord(provider.spec);
    const type = text(providerSpec.type);
    const source = `${namespace}/${name}`;
    if (type !== "Static") {
      result.unresolved.push(
        `ResourceSet ${id}: ResourceSetInputProvider ${source} (type ${type || "unset"}) gets its inputs from outside the repository; they are not rendered`,
      );
      continue;
    }
    const values = jsonCopy(asRecord(providerSpec.defaultValues));
    values.provider = providerRef(provider, namespace);
    result.inputs.push({ values, source, fromStaticProvider: true });
  }
  return result;
}
