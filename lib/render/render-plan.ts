// What to build in a repository, decided as Flux would: each Flux Kustomization
// (kustomize.toolkit.fluxcd.io) that reads this repository builds its `spec.path`; without any, each
// top-level kustomization root is built; without those, every YAML file is read as it is. Also the
// repository's own YAML documents (to find ConfigMaps for substituteFrom and an object's document
// index) and the safety pass over kustomization files before kustomize sees them.

import { parseAllDocuments, stringify } from "yaml";
import { asRecord, isRecord } from "@/lib/policy/json-read";
import {
  isManifestFile,
  isRemoteReference,
  join,
  KUSTOMIZATION_FILE_NAMES,
  kustomizationReferences,
  kustomizationRoots,
  normalizeFolder,
  parentFolder,
  readKustomization,
  baseName,
} from "./kustomize-tree";
import type { KubeManifest, RenderProblem, RepositoryFiles } from "./rendered";

/** Each YAML file's documents (null for a document that is not a mapping or does not parse). */
export type RepositoryDocuments = ReadonlyMap<string, ReadonlyArray<KubeManifest | null>>;

export function repositoryDocuments(files: RepositoryFiles): {
  documents: Map<string, Array<KubeManifest | null>>;
  invalid: RenderProblem[];
} {
  const documents = new Map<string, Array<KubeManifest | null>>();
  const invalid: RenderProblem[] = [];
  for (const [file, text] of files) {
    if (!isManifestFile(file)) continue;
    const parsed: Array<KubeManifest | null> = [];
    for (const document of parseAllDocuments(text, { prettyErrors: false })) {
      if (document.errors.length > 0) {
        invalid.push({
          kind: "yaml",
          file,
          message: `invalid YAML: ${document.errors[0]!.message.split("\n")[0]}`,
        });
        parsed.push(null);
        continue;
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) continue;
      parsed.push(isRecord(value) ? value : null);
    }
    documents.set(file, parsed);
  }
  return { documents, invalid };
}

function metadataOf(object: KubeManifest): Record<string, unknown> {
  return asRecord(object.metadata);
}

export function nameOf(object: KubeManifest): string {
  const name = metadataOf(object).name;
  return typeof name === "string" ? name : "";
}

export function namespaceOf(object: KubeManifest): string | null {
  const namespace = metadataOf(object).namespace;
  return typeof namespace === "string" && namespace !== "" ? namespace : null;
}

export function isFluxKustomization(object: KubeManifest): boolean {
  return (
    object.kind === "Kustomization" &&
    typeof object.apiVersion === "string" &&
    object.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")
  );
}

/** `<namespace>/<name>` of a Flux object; Flux objects without a namespace live in flux-system. */
export function fluxKey(object: KubeManifest): string {
  return `${namespaceOf(object) ?? "flux-system"}/${nameOf(object)}`;
}

export interface BuildTarget {
  /** Repository folder to build ("" for the root). */
  folder: string;
  /** The Flux Kustomization that builds it, when one does. */
  flux: { object: KubeManifest; key: string; file: string } | null;
}

export interface RenderPlan {
  targets: BuildTarget[];
  /** Files read as plain YAML (when there is no kustomization at all). */
  plainFiles: string[];
  problems: RenderProblem[];
}

function sourceKey(flux: KubeManifest): string {
  const spec = asRecord(flux.spec);
  const ref = asRecord(spec.sourceRef);
  const namespace = typeof ref.namespace === "string" ? ref.namespace : (namespaceOf(flux) ?? "flux-system");
  return `${String(ref.kind ?? "")}/${namespace}/${String(ref.name ?? "")}`;
}

/**
 * Which sources are this repository: those given, else the `flux-system` GitRepository that Flux's
 * bootstrap creates when a Kustomization reads it, else the GitRepository most Kustomizations read.
 */
function ownSources(
  kustomizations: readonly KubeManifest[],
  given: readonly string[] | undefined,
): Set<string> {
  if (given) return new Set(given);
  const counts = new Map<string, number>();
  for (const flux of kustomizations) {
    const key = sourceKey(flux);
    if (key.startsWith("GitRepository/")) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const bootstrap = [...counts.keys()].filter((key) => key.endsWith("/flux-system"));
  if (bootstrap.length > 0) return new Set(bootstrap);
  const most = [...counts].sort((a, b) => b[1] - a[1])[0];
  return new Set(most ? [most[0]] : []);
}

function hasFolder(files: RepositoryFiles, folder: string): boolean {
  if (folder === "") return files.size > 0;
  for (const file of files.keys()) if (file.startsWith(`${folder}/`)) return true;
  return false;
}

export function planRender(
  files: RepositoryFiles,
  documents: RepositoryDocuments,
  options: { ownSources?: readonly string[] } = {},
): RenderPlan {
  const problems: RenderProblem[] = [];
  const found: { object: KubeManifest; file: string }[] = [];
  for (const [file, objects] of documents)
    for (const object of objects) if (object && isFluxKustomization(object)) found.push({ object, file });

  if (found.length === 0) {
    const roots = kustomizationRoots(files);
    if (roots.length > 0)
      return { targets: roots.map((folder) => ({ folder, flux: null })), plainFiles: [], problems };
    return { targets: [], plainFiles: [...documents.keys()].sort(), problems };
  }

  const own = ownSources(
    found.map((f) => f.object),
    options.ownSources,
  );
  const targets: BuildTarget[] = [];
  const seen = new Set<string>();
  for (const { object, file } of found) {
    const key = fluxKey(object);
    if (seen.has(key)) continue;
    seen.add(key);
    const spec = asRecord(object.spec);
    const source = sourceKey(object);
    if (!own.has(source)) {
      problems.push({
        kind: "not-rendered",
        file,
        message: `Flux Kustomization ${key} reads ${source.split("/")[0]} ${source.split("/").slice(1).join("/")}, not this repository: not rendered`,
      });
      continue;
    }
    const folder = normalizeFolder(typeof spec.path === "string" ? spec.path : "");
    if (folder === null || !hasFolder(files, folder)) {
      problems.push({
        kind: "kustomize",
        file,
        message: `Flux Kustomization ${key}: path "${String(spec.path ?? "")}" is not a folder of this repository`,
      });
      continue;
    }
    targets.push({ folder, flux: { object, key, file } });
  }
  return { targets, plainFiles: [], problems };
}

/**
 * The repository as kustomize may see it: a reference to a remote base is removed (Sieve fetches
 * nothing), and a kustomization that refers to a path outside the repository is emptied
 * (kustomize runs with LoadRestrictionsNone, like Flux, so this check is what confines it); the
 * builds that include it go on without its objects. Each change is a problem.
 */
export function sanitizeKustomizations(files: RepositoryFiles): {
  files: Map<string, string>;
  problems: RenderProblem[];
} {
  const out = new Map(files);
  const problems: RenderProblem[] = [];
  for (const [file, text] of files) {
    if (!(KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(baseName(file))) continue;
    const kustomization = readKustomization(text);
    if (!kustomization) continue;
    const folder = parentFolder(file);
    const escaping = kustomizationReferences(kustomization).filter(
      (reference) =>
        !isRemoteReference(reference) &&
        (reference.startsWith("/") ||
          reference.startsWith("~") ||
          normalizeFolder(join(folder, reference)) === null),
    );
    if (escaping.length > 0) {
      problems.push({
        kind: "kustomize",
        file,
        message: `refers to ${escaping.join(", ")}, outside the repository: not built, so its objects are missing`,
      });
      out.set(file, stringify({ resources: [] }));
      continue;
    }
    let changed = false;
    for (const field of ["resources", "bases", "components"]) {
      const list = kustomization[field];
      if (!Array.isArray(list)) continue;
      const kept = list.filter((entry) => !(typeof entry === "string" && isRemoteReference(entry)));
      for (const entry of list)
        if (typeof entry === "string" && isRemoteReference(entry))
          problems.push({
            kind: "not-rendered",
            file,
            message: `remote ${field === "components" ? "component" : "resource"} ${entry} is not fetched: its objects are not rendered`,
          });
      if (kept.length !== list.length) {
        kustomization[field] = kept;
        changed = true;
      }
    }
    if (changed) out.set(file, stringify(kustomization));
  }
  return { files: out, problems };
}

/**
 * The index of the document in `file` that `object` was built from: the only document of its kind,
 * else the one whose name the built name contains (a prefix or suffix was added); null if unsure.
 */
export function documentIndex(
  documents: ReadonlyArray<KubeManifest | null> | undefined,
  object: KubeManifest,
): number | null {
  if (!documents) return null;
  const sameKind = documents
    .map((document, index) => ({ document, index }))
    .filter((entry) => entry.document?.kind === object.kind);
  if (sameKind.length === 1) return sameKind[0]!.index;
  const name = nameOf(object);
  const exact = sameKind.filter((entry) => nameOf(entry.document!) === name);
  if (exact.length === 1) return exact[0]!.index;
  const contained = sameKind
    .filter((entry) => nameOf(entry.document!) !== "" && name.includes(nameOf(entry.document!)))
    .sort((a, b) => nameOf(b.document!).length - nameOf(a.document!).length);
  if (contained.length === 0) return null;
  if (
    contained.length > 1 &&
    nameOf(contained[0]!.document!).length === nameOf(contained[1]!.document!).length
  )
    return null;
  return contained[0]!.index;
}
