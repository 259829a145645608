import "server-only";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseManifestObjects, parseManifests, type ParsedManifests } from "@/lib/kube/parse-manifests";
import type { PreviewReport } from "@/lib/render/preview-report";
import { renderRepository, type ExpandResourceSet } from "@/server/render/render-repository";
import { isGitOpsRepository, readRepositoryFolder } from "@/server/render/repository-folder";

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
/** A GitOps repository's rendered manifests fit well below this; a bigger folder is probably a mistake. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** Every YAML/JSON file under `folder` (recursively, in a stable order), parsed as manifests. */
export function loadManifestFolder(folder: string): ParsedManifests {
  const root = path.resolve(folder);
  if (!statSync(root).isDirectory()) throw new Error(`${folder} is not a folder`);
  const files: { path: string; text: string }[] = [];
  let total = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        const text = readFileSync(full, "utf8");
        total += text.length;
        if (total > MAX_TOTAL_BYTES) throw new Error(`${folder} holds more than 64 MB of manifests`);
        files.push({ path: path.relative(root, full), text });
      }
    }
  };
  visit(root);
  return parseManifests(files);
}

const GITOPS_KINDS = new Set(["ResourceSet", "ResourceSetInputProvider", "Kustomization", "GitRepository"]);

export const PLAIN_RENDERER = "plain YAML files (no kustomization)";

/**
 * A folder previewed as the cluster would receive it: a GitOps repository (a kustomization or a
 * Flux Kustomization anywhere) is rendered as Flux would (server/render); any other folder is read
 * as plain manifests (e.g. `kubectl kustomize` output). The report lists what could not be rendered.
 */
export async function loadPreviewFolder(
  folder: string,
  options: { expandResourceSet?: ExpandResourceSet } = {},
): Promise<{ parsed: ParsedManifests; report: PreviewReport }> {
  const files = readRepositoryFolder(folder);
  if (!isGitOpsRepository(files)) {
    const parsed = loadManifestFolder(folder);
    return {
      parsed,
      report: { folder, renderer: PLAIN_RENDERER, problems: [], skipped: parsed.skipped },
    };
  }
  const render = await renderRepository(files, { expandResourceSet: options.expandResourceSet });
  const parsed = parseManifestObjects(
    render.objects.map(({ object, origin }) => ({ object, file: origin.file })),
  );
  return {
    parsed,
    report: { folder, renderer: render.renderer, problems: render.problems, skipped: parsed.skipped },
  };
}

/** What was loaded, for the demo's start-up output. */
export function describeManifests(folder: string, parsed: ParsedManifests, report?: PreviewReport): string[] {
  const byKind = new Map<string, number>();
  for (const object of parsed.objects) byKind.set(object.kind, (byKind.get(object.kind) ?? 0) + 1);
  const lines = [
    `loaded from ${folder}: ${[...byKind].map(([kind, n]) => `${n} ${kind}`).join(", ") || "nothing"}`,
  ];
  const workloads = Object.entries(parsed.podsFromWorkloads);
  if (workloads.length > 0)
    lines.push(`  pods stand in for ${workloads.map(([k, n]) => `${n} ${k}`).join(", ")}`);
  // The GitOps tool's own objects were read to render the rest; they are not "skipped".
  const all = Object.entries(parsed.skipped);
  const machinery = all.filter(([kind]) => GITOPS_KINDS.has(kind));
  const skipped = all.filter(([kind]) => !GITOPS_KINDS.has(kind));
  if (machinery.length > 0 && report && report.renderer !== PLAIN_RENDERER)
    lines.push(`  rendered through: ${machinery.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  else skipped.push(...machinery);
  if (skipped.length > 0) lines.push(`  skipped kinds: ${skipped.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  for (const p of parsed.problems) lines.push(`  ${p.file}${p.line > 0 ? `:${p.line}` : ""}: ${p.message}`);
  if (report && report.renderer !== PLAIN_RENDERER) {
    lines.push(`  rendered with ${report.renderer}`);
    if (report.problems.length > 0) lines.push(`  not rendered (${report.problems.length}):`);
    for (const p of report.problems) lines.push(`    [${p.kind}] ${p.file}: ${p.message}`);
  }
  return lines;
}
