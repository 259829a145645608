// The shape of a repository as Kustomize and Flux's kustomize-controller see it: which folders are
// kustomization roots, what Flux generates for a folder without a kustomization file, what a
// kustomization file refers to, and the root kustomization Flux actually builds (the folder's own
// file with the Flux Kustomization's spec applied). Pure: the renderer writes and runs the result.

import { parse, parseDocument, stringify } from "yaml";
import { asRecord, isRecord } from "@/lib/policy/json-read";
import type { KubeManifest, RepositoryFiles } from "./rendered";

/** kustomize's recognised names, in the order it (and Flux) look for them. */
export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

/**
 * A repository path without "./", "//" or a trailing slash ("" is the root), with ".." resolved;
 * null when it leaves the repository.
 */
export function normalizeFolder(folder: string): string | null {
  const segments: string[] = [];
  for (const segment of folder.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join("/");
}

export function parentFolder(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? "" : file.slice(0, slash);
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

export function join(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/** The kustomization file of `folder`, or null. */
export function kustomizationFileOf(files: RepositoryFiles, folder: string): string | null {
  for (const name of KUSTOMIZATION_FILE_NAMES) if (files.has(join(folder, name))) return join(folder, name);
  return null;
}

/** A file Kustomize or Flux may read: YAML, or a kustomization under any recognised name. */
export function isRepositoryFile(file: string): boolean {
  return isManifestFile(file) || (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(baseName(file));
}

export function isManifestFile(file: string): boolean {
  return file.endsWith(".yaml") || file.endsWith(".yml");
}

/** Child names of `folder` (files and sub-folders), in lexical order like Go's filepath.Walk. */
function entries(files: RepositoryFiles, folder: string): { name: string; isFolder: boolean }[] {
  const prefix = folder === "" ? "" : `${folder}/`;
  const found = new Map<string, boolean>();
  for (const file of files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) found.set(rest, found.get(rest) ?? false);
    else found.set(rest.slice(0, slash), true);
  }
  return [...found]
    .map(([name, isFolder]) => ({ name, isFolder }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * What Flux's kustomize-controller lists when `folder` has no kustomization file (fluxcd/pkg
 * kustomize generator): every .yaml/.yml file below it, recursively, except that a sub-folder
 * holding a kustomization file is listed as a folder and not entered. Paths are relative ("./…").
 */
export function generatedResources(files: RepositoryFiles, folder: string): string[] {
  const resources: string[] = [];
  const walk = (current: string) => {
    for (const entry of entries(files, current)) {
      const full = join(current, entry.name);
      const relative = `./${folder === "" ? full : full.slice(folder.length + 1)}`;
      if (entry.isFolder) {
        if (kustomizationFileOf(files, full) !== null) resources.push(relative);
        else walk(full);
      } else if (
        isManifestFile(entry.name) &&
        !(KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(entry.name)
      )
        resources.push(relative);
    }
  };
  walk(folder);
  return resources;
}

/** A resource or component kustomize would fetch over the network. */
export function isRemoteReference(reference: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) ||
    /^(git@|github\.com\/|gitlab\.com\/)/.test(reference) ||
    /[?&]ref=/.test(reference)
  );
}

const FILE_FIELDS = [
  "resources",
  "bases",
  "components",
  "crds",
  "configurations",
  "generators",
  "transformers",
  "validators",
];

/** Every local path a kustomization refers to (resources, patches, generator files, …), as written. */
export function kustomizationReferences(kustomization: Record<string, unknown>): string[] {
  const references: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && value !== "") references.push(value);
  };
  for (const field of FILE_FIELDS) {
    const list = kustomization[field];
    if (Array.isArray(list)) list.forEach(add);
  }
  for (const field of ["patches", "patchesJson6902", "replacements"]) {
    const list = kustomization[field];
    if (Array.isArray(list)) for (const entry of list) if (isRecord(entry)) add(entry.path);
  }
  const strategic = kustomization.patchesStrategicMerge;
  if (Array.isArray(strategic))
    for (const entry of strategic) if (typeof entry === "string" && !entry.includes("\n")) add(entry);
  for (const field of ["configMapGenerator", "secretGenerator"]) {
    const list = kustomization[field];
    if (!Array.isArray(list)) continue;
    for (const generator of list) {
      if (!isRecord(generator)) continue;
      if (Array.isArray(generator.files))
        for (const file of generator.files)
          if (typeof file === "string") add(file.slice(file.indexOf("=") + 1));
      if (Array.isArray(generator.envs)) generator.envs.forEach(add);
      add(generator.env);
    }
  }
  if (isRecord(kustomization.openapi)) add(kustomization.openapi.path);
  return references;
}

/**
 * Files the repository's kustomizations read that are not YAML (generator `files`/`envs`, JSON
 * patches…), as repository paths: they are needed for a build to succeed.
 */
export function referencedFiles(files: RepositoryFiles): string[] {
  const wanted = new Set<string>();
  for (const [file, text] of files) {
    if (!(KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(baseName(file))) continue;
    const kustomization = readKustomization(text);
    if (!kustomization) continue;
    for (const reference of kustomizationReferences(kustomization)) {
      if (isRemoteReference(reference) || reference.startsWith("/")) continue;
      const target = normalizeFolder(join(parentFolder(file), reference));
      if (target && !files.has(target) && !isManifestFile(target)) wanted.add(target);
    }
  }
  return [...wanted].sort();
}

/** The kustomization file's content as a mapping (null when it is not one). */
export function readKustomization(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Folders with a kustomization file that no other kustomization refers to (as a resource, base or
 * component): what `kustomize build` would be run on when no Flux Kustomization says where.
 */
export function kustomizationRoots(files: RepositoryFiles): string[] {
  const folders = new Set<string>();
  for (const file of files.keys()) {
    if ((KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(baseName(file))) {
      const folder = parentFolder(file);
      if (kustomizationFileOf(files, folder) === file) folders.add(folder);
    }
  }
  const referenced = new Set<string>();
  for (const folder of folders) {
    const kustomization = readKustomization(files.get(kustomizationFileOf(files, folder)!)!);
    if (!kustomization) continue;
    for (const field of ["resources", "bases", "components"]) {
      const list = kustomization[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== "string" || isRemoteReference(entry)) continue;
        const target = normalizeFolder(join(folder, entry));
        if (target !== null && target !== folder) referenced.add(target);
      }
    }
  }
  return [...folders].filter((folder) => !referenced.has(folder)).sort();
}

/** The Flux Kustomization fields kustomize-controller writes into the folder's kustomization. */
export interface FluxBuildSpec {
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: unknown[];
  components?: string[];
  images?: unknown[];
}

export function fluxBuildSpec(fluxKustomization: KubeManifest): FluxBuildSpec {
  const spec = asRecord(fluxKustomization.spec);
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    targetNamespace: text(spec.targetNamespace),
    namePrefix: text(spec.namePrefix),
    nameSuffix: text(spec.nameSuffix),
    patches: Array.isArray(spec.patches) ? spec.patches : undefined,
    components: Array.isArray(spec.components)
      ? spec.components.filter((c): c is string => typeof c === "string")
      : undefined,
    images: Array.isArray(spec.images) ? spec.images : undefined,
  };
}

/**
 * The root kustomization to build: the folder's own (or the generated resource list), with the
 * Flux Kustomization's fields applied as kustomize-controller does, and `originAnnotations` build
 * metadata so kustomize itself says which file each object came from.
 */
export function rootKustomization(
  existing: string | null,
  generated: readonly string[],
  flux: FluxBuildSpec,
): string {
  const document = existing === null ? null : parseDocument(existing);
  const base: Record<string, unknown> =
    document === null
      ? {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          ...(generated.length > 0 ? { resources: [...generated] } : { namespace: "_placeholder" }),
        }
      : (((document.toJS() as unknown) ?? {}) as Record<string, unknown>);
  const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  if (flux.targetNamespace) out.namespace = flux.targetNamespace;
  if (flux.namePrefix) out.namePrefix = flux.namePrefix;
  if (flux.nameSuffix) out.nameSuffix = flux.nameSuffix;
  if (flux.patches?.length)
    out.patches = [...(Array.isArray(out.patches) ? out.patches : []), ...flux.patches];
  if (flux.components?.length)
    out.components = [...(Array.isArray(out.components) ? out.components : []), ...flux.components];
  if (flux.images?.length) out.images = [...(Array.isArray(out.images) ? out.images : []), ...flux.images];
  const metadata = Array.isArray(out.buildMetadata) ? out.buildMetadata : [];
  out.buildMetadata = metadata.includes("originAnnotations") ? metadata : [...metadata, "originAnnotations"];
  return stringify(out);
}

export const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";

/**
 * The repository file an object came from, from kustomize's origin annotation (paths relative to
 * the folder that was built): its `path`, or for a generated object the kustomization that
 * configured it. Null when the annotation is absent or points outside the repository.
 */
export function originFile(annotation: string | undefined, builtFolder: string): string | null {
  if (annotation === undefined) return null;
  let origin: unknown;
  try {
    origin = parse(annotation);
  } catch {
    return null;
  }
  if (!isRecord(origin)) return null;
  const relative =
    typeof origin.path === "string"
      ? origin.path
      : typeof origin.configuredIn === "string"
        ? origin.configuredIn
        : null;
  if (relative === null || typeof origin.repo === "string") return null;
  return normalizeFolder(join(builtFolder, relative));
}
