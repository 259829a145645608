// What rendering a GitOps repository yields: the objects the cluster's GitOps tool would apply,
// each with where it came from, and everything that could not be rendered, said rather than
// silently dropped. Shared by the repository renderer (server/render), the ResourceSet expander
// (lib/render/resourceset) and the render proofs of patches.

/** Repository files: repository-relative path (forward slashes, no leading "./") → text. */
export type RepositoryFiles = ReadonlyMap<string, string>;

export type KubeManifest = Record<string, unknown>;

/** Which ResourceSet template and input produced an object. */
export interface TemplateOrigin {
  /** `<namespace>/<name>` of the ResourceSet. */
  resourceSet: string;
  /** Repository file that holds the ResourceSet. */
  file: string;
  /** Index of the input in the ResourceSet's effective input list. */
  inputIndex: number;
  /** Where that input came from: `inputs` of the ResourceSet, or `<namespace>/<name>` of a provider. */
  inputSource: string;
  /** The input's `name`/`id` field, when it has one. */
  inputName: string | null;
  /** Index of the template in `spec.resources` (or -1 for `spec.resourcesTemplate`). */
  resourceIndex: number;
  /** Name of the `spec.steps` entry the template is in, when the ResourceSet has steps. */
  step?: string;
}

export interface ObjectOrigin {
  /** Repository file the object (or its template's ResourceSet) was read from. */
  file: string;
  /** 0-based YAML document index in that file; null when the renderer could not tell. */
  document: number | null;
  /** `<namespace>/<name>` of the Flux Kustomization that built it, when one did. */
  kustomization: string | null;
  template: TemplateOrigin | null;
}

export interface RenderedObject {
  object: KubeManifest;
  origin: ObjectOrigin;
}

export type RenderProblemKind =
  | "kustomize" // a kustomize build failed
  | "substitution" // a postBuild variable without a value
  | "template" // a ResourceSet template failed (missing key, bad syntax…)
  | "yaml" // a document that does not parse
  | "not-rendered"; // a kind Sieve does not render (HelmRelease…), listed for the user

export interface RenderProblem {
  kind: RenderProblemKind;
  /** Repository file (or folder, for a kustomize build) the problem is in. */
  file: string;
  message: string;
}

export interface RepositoryRender {
  /** Which tool rendered, e.g. "kubectl kustomize (kustomize v5.5.0)" or "built-in (resources only)". */
  renderer: string;
  objects: RenderedObject[];
  problems: RenderProblem[];
}

/** `<kind>/<namespace>/<name>`: how two renders are compared object by object. */
export function objectKey(object: KubeManifest): string {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "";
  const name = typeof metadata.name === "string" ? metadata.name : "";
  return `${String(object.kind ?? "")}/${namespace}/${name}`;
}
