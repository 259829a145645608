// A renderer for unit tests of code that consumes renders: every document of every YAML file
// (but kustomization files) is an object, its origin that file and document, and ResourceSets
// are expanded in place. The product's own renders come from server/render (kustomize, Flux
// substitution, then ResourceSets).

import { parseAllDocuments } from "yaml";
import type { RenderedObject, RepositoryFiles, RepositoryRender } from "../rendered";
import { renderResourceSet } from "../resourceset";

export async function renderEveryDocument(files: RepositoryFiles): Promise<RepositoryRender> {
  const objects: RenderedObject[] = [];
  const problems: RepositoryRender["problems"] = [];
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!/\.ya?ml$/.test(file) || /(^|\/)kustomization\.ya?ml$/.test(file)) continue;
    parseAllDocuments(text).forEach((doc, document) => {
      if (doc.errors.length > 0) {
        problems.push({ kind: "yaml", file, message: doc.errors[0]!.message.split("\n")[0]! });
        return;
      }
      const object: unknown = doc.toJS();
      if (typeof object !== "object" || object === null || Array.isArray(object)) return;
      const manifest = object as Record<string, unknown>;
      objects.push({ object: manifest, origin: { file, document, kustomization: null, template: null } });
      if (manifest.kind === "ResourceSet") {
        const expanded = renderResourceSet(manifest, { file, document, providers: [] });
        objects.push(...expanded.objects);
        problems.push(...expanded.problems);
      }
    });
  }
  return { renderer: "every document (tests)", objects, problems };
}
