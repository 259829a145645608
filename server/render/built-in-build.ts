import "server-only";
import {
  generatedResources,
  join,
  kustomizationFileOf,
  normalizeFolder,
  readKustomization,
} from "@/lib/render/kustomize-tree";
import type { BuildTarget, RepositoryDocuments } from "@/lib/render/render-plan";
import type { RenderedObject, RenderProblem, RepositoryFiles } from "@/lib/render/rendered";

// When kubectl is not installed: follow `resources` (and `bases`) lists and read plain YAML, nothing
// else — no patches, prefixes, labels or generators — and say so in the renderer's name.

export const BUILT_IN_RENDERER = "built-in (resources only; patches not applied)";

export function builtInBuild(
  files: RepositoryFiles,
  documents: RepositoryDocuments,
  target: BuildTarget,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  const visited = new Set<string>();
  const kustomization = target.flux?.key ?? null;

  const readFile = (file: string) =>
    (documents.get(file) ?? []).forEach((object, document) => {
      if (object) objects.push({ object, origin: { file, document, kustomization, template: null } });
    });

  const visitFolder = (folder: string) => {
    if (visited.has(folder)) return;
    visited.add(folder);
    const file = kustomizationFileOf(files, folder);
    let resources: string[];
    if (file === null) resources = generatedResources(files, folder);
    else {
      const parsed = readKustomization(files.get(file)!);
      const list = [
        ...(Array.isArray(parsed?.resources) ? parsed.resources : []),
        ...(Array.isArray(parsed?.bases) ? parsed.bases : []),
      ];
      resources = list.filter((entry): entry is string => typeof entry === "string");
    }
    for (const resource of resources) {
      const resolved = normalizeFolder(join(folder, resource));
      if (resolved === null) {
        problems.push({
          kind: "kustomize",
          file: file ?? folder,
          message: `${resource} is outside the repository`,
        });
      } else if (files.has(resolved)) readFile(resolved);
      else if ([...files.keys()].some((name) => name.startsWith(`${resolved}/`))) visitFolder(resolved);
      else
        problems.push({
          kind: "kustomize",
          file: file ?? folder,
          message: `${resource} is not in the repository`,
        });
    }
  };
  visitFolder(target.folder);
  return { objects, problems };
}
