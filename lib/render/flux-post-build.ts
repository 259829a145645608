// Flux's post-build step over what kustomize built: `spec.postBuild` variables, taken from the
// Kustomization's inline map and from the ConfigMaps and Secrets it names — looked up among the
// repository's own objects, as written or as built, since Sieve has no cluster to ask — and
// substituted into each object's YAML. What cannot be resolved is reported, never kept silently.

import { parse, stringify } from "yaml";
import { isRecord } from "@/lib/policy/json-read";
import {
  postBuildOf,
  postBuildVariables,
  substituteVariables,
  substitutionDisabled,
  substitutionRuns,
  variablesOf,
  type SubstituteFromReference,
} from "./flux-substitute";
import { fluxKey, nameOf, namespaceOf, type BuildTarget, type RepositoryDocuments } from "./render-plan";
import type { KubeManifest, RenderedObject, RenderProblem } from "./rendered";

export interface BuiltTarget {
  target: BuildTarget;
  objects: RenderedObject[];
}

function findSource(
  pool: readonly KubeManifest[],
  reference: SubstituteFromReference,
  namespace: string,
): KubeManifest | null {
  const named = pool.filter((object) => object.kind === reference.kind && nameOf(object) === reference.name);
  return (
    named.find((object) => namespaceOf(object) === namespace) ??
    named.find((object) => namespaceOf(object) === null) ??
    null
  );
}

function substituteObject(object: KubeManifest, vars: ReadonlyMap<string, string>) {
  const result = substituteVariables(stringify(object, { lineWidth: 0 }), vars);
  if (result.error !== null) return { object, unresolved: [], error: result.error };
  try {
    const value: unknown = parse(result.text);
    if (!isRecord(value)) return { object, unresolved: [], error: "the substituted object is not a mapping" };
    return { object: value, unresolved: result.unresolved, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    return { object, unresolved: [], error: `the substituted YAML does not parse: ${message}` };
  }
}

export function applyPostBuild(
  built: readonly BuiltTarget[],
  documents: RepositoryDocuments,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const pool: KubeManifest[] = [];
  for (const objects of documents.values())
    for (const object of objects)
      if (object?.kind === "ConfigMap" || object?.kind === "Secret") pool.push(object);
  for (const { objects } of built)
    for (const { object } of objects)
      if (object.kind === "ConfigMap" || object.kind === "Secret") pool.push(object);

  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  for (const { target, objects: builtObjects } of built) {
    const flux = target.flux;
    const postBuild = flux ? postBuildOf(flux.object) : null;
    if (!flux || !postBuild) {
      objects.push(...builtObjects);
      continue;
    }
    const namespace = namespaceOf(flux.object) ?? "flux-system";
    const sources: Map<string, string>[] = [];
    for (const reference of postBuild.substituteFrom) {
      const source = findSource(pool, reference, namespace);
      if (source) sources.push(variablesOf(source));
      else if (!reference.optional)
        problems.push({
          kind: "substitution",
          file: flux.file,
          message: `Flux Kustomization ${flux.key}: substituteFrom ${reference.kind} ${namespace}/${reference.name} is not in the repository; its variables have no value`,
        });
    }
    const { vars, invalidNames } = postBuildVariables(postBuild, sources);
    if (invalidNames.length > 0) {
      problems.push({
        kind: "substitution",
        file: flux.file,
        message: `Flux Kustomization ${flux.key}: variable names ${invalidNames.join(", ")} are invalid, so Flux substitutes nothing`,
      });
      objects.push(...builtObjects);
      continue;
    }
    if (!substitutionRuns(postBuild, vars)) {
      objects.push(...builtObjects);
      continue;
    }
    const reported = new Set<string>();
    for (const rendered of builtObjects) {
      if (substitutionDisabled(rendered.object)) {
        objects.push(rendered);
        continue;
      }
      const result = substituteObject(rendered.object, vars);
      objects.push({ ...rendered, object: result.object });
      if (result.error !== null)
        problems.push({
          kind: "substitution",
          file: rendered.origin.file,
          message: `Flux Kustomization ${fluxKey(flux.object)}: ${result.error}`,
        });
      for (const variable of result.unresolved) {
        const key = `${rendered.origin.file}\0${variable}`;
        if (reported.has(key)) continue;
        reported.add(key);
        problems.push({
          kind: "substitution",
          file: rendered.origin.file,
          message: `variable \${${variable}} has no value in Flux Kustomization ${flux.key} (rendered empty; Flux's strict substitution fails the Kustomization)`,
        });
      }
    }
  }
  return { objects, problems };
}
