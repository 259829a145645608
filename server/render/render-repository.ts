import "server-only";
import { renderResourceSet } from "@/lib/render/resourceset";
import { constants } from "node:fs";
import { copyFile, link, mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { isRecord } from "@/lib/policy/json-read";
import { applyPostBuild, type BuiltTarget } from "@/lib/render/flux-post-build";
import {
  fluxBuildSpec,
  generatedResources,
  KUSTOMIZATION_FILE_NAMES,
  kustomizationFileOf,
  ORIGIN_ANNOTATION,
  originFile,
  rootKustomization,
} from "@/lib/render/kustomize-tree";
import {
  documentIndex,
  planRender,
  repositoryDocuments,
  sanitizeKustomizations,
  type BuildTarget,
  type RepositoryDocuments,
} from "@/lib/render/render-plan";
import type {
  KubeManifest,
  RenderedObject,
  RenderProblem,
  RepositoryFiles,
  RepositoryRender,
} from "@/lib/render/rendered";
import { builtInBuild, BUILT_IN_RENDERER } from "./built-in-build";
import {
  describeTool,
  findKustomizeTool,
  kustomizeBuild,
  withBuildSlot,
  type KustomizeTool,
} from "./kustomize-runner";

// Renders a GitOps repository as Flux would apply it (see lib/render/render-plan.ts for what is
// built): the files go to a private temporary folder (removed afterwards), each build runs the
// real `kubectl kustomize` on its own hard-linked copy (the root kustomization is rewritten with the
// Flux Kustomization's fields and origin annotations, so two builds never see each other's edits),
// then Flux's post-build substitution, then ResourceSets through the injected expander.

/** The ResourceSet expander's shape (lib/render/resourceset.ts `renderResourceSet`). */
export type ExpandResourceSet = (
  resourceSet: KubeManifest,
  where: { file: string; document: number; providers: readonly KubeManifest[] },
) => { objects: RenderedObject[]; problems: RenderProblem[] };

export interface RenderRepositoryOptions {
  /** Expands Flux Operator ResourceSets (default: lib/render/resourceset, as flux-operator does). */
  expandResourceSet?: ExpandResourceSet;
  /** The kubectl binary (default "kubectl" on PATH); null renders with the built-in fallback. */
  kubectl?: string | null;
  /** Per kustomize build (default 60 s). */
  timeoutMs?: number;
  /** Bounds on what is written to disk (default 32 MiB, 20,000 files). */
  maxBytes?: number;
  maxFiles?: number;
  /** Sources that are this repository, as "GitRepository/<namespace>/<name>" (default: inferred). */
  ownSources?: readonly string[];
  /** Where the private temporary folder is made (default the OS's). */
  tempRoot?: string;
}

export const DEFAULT_MAX_RENDER_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_RENDER_FILES = 20_000;
const DEFAULT_TIMEOUT_MS = 60_000;

function checkBounds(files: RepositoryFiles, maxBytes: number, maxFiles: number): void {
  if (files.size > maxFiles)
    throw new Error(`the repository has ${files.size} files; Sieve renders at most ${maxFiles}`);
  let total = 0;
  for (const [file, text] of files) {
    if (!isSafeRepoPath(file)) throw new Error(`"${file}" is not a safe repository path`);
    total += Buffer.byteLength(text);
    if (total > maxBytes)
      throw new Error(
        `the repository holds more than ${Math.round(maxBytes / 1024 / 1024)} MiB; Sieve renders at most that`,
      );
  }
}

async function writeTree(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [file, text] of files) {
    const target = path.join(root, ...file.split("/"));
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, text, { mode: 0o600, flag: "wx" });
  }
}

async function linkTree(source: string, target: string, files: Iterable<string>): Promise<void> {
  for (const file of files) {
    const from = path.join(source, ...file.split("/"));
    const to = path.join(target, ...file.split("/"));
    await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
    await link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_EXCL));
  }
}

function withoutOriginAnnotation(object: KubeManifest): { object: KubeManifest; origin: string | undefined } {
  const metadata = isRecord(object.metadata) ? object.metadata : null;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : null;
  if (!metadata || !annotations || !(ORIGIN_ANNOTATION in annotations)) return { object, origin: undefined };
  const { [ORIGIN_ANNOTATION]: origin, ...rest } = annotations;
  const cleanMetadata: Record<string, unknown> = { ...metadata, annotations: rest };
  if (Object.keys(rest).length === 0) delete cleanMetadata.annotations;
  return {
    object: { ...object, metadata: cleanMetadata },
    origin: typeof origin === "string" ? origin : undefined,
  };
}

/** The built objects, each with the repository file kustomize says it came from. */
function readBuildOutput(
  output: string,
  target: BuildTarget,
  documents: RepositoryDocuments,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  const fallbackFile = target.flux?.file ?? (target.folder || ".");
  for (const document of parseAllDocuments(output)) {
    const value: unknown = document.toJS();
    if (!isRecord(value)) continue;
    const { object, origin } = withoutOriginAnnotation(value);
    const file = originFile(origin, target.folder);
    objects.push({
      object,
      origin: {
        file: file ?? fallbackFile,
        document: file === null ? null : documentIndex(documents.get(file), value),
        kustomization: target.flux?.key ?? null,
        template: null,
      },
    });
  }
  return { objects, problems };
}

async function buildWithKustomize(
  tool: KustomizeTool,
  workDir: string,
  sourceDir: string,
  index: number,
  files: ReadonlyMap<string, string>,
  target: BuildTarget,
  timeoutMs: number,
): Promise<string> {
  const tree = path.join(workDir, `build-${index}`);
  await mkdir(tree, { mode: 0o700 });
  try {
    await linkTree(sourceDir, tree, files.keys());
    const existing = kustomizationFileOf(files, target.folder);
    const generated = existing === null ? generatedResources(files, target.folder) : [];
    const root = rootKustomization(
      existing === null ? null : files.get(existing)!,
      generated,
      target.flux ? fluxBuildSpec(target.flux.object) : {},
    );
    const folder = path.join(tree, ...target.folder.split("/").filter(Boolean));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // A hard link shares its content with the other builds: replace it, never write through it.
    for (const name of KUSTOMIZATION_FILE_NAMES) await unlink(path.join(folder, name)).catch(() => undefined);
    await writeFile(
      path.join(folder, existing === null ? "kustomization.yaml" : path.basename(existing)),
      root,
      {
        mode: 0o600,
      },
    );
    return await kustomizeBuild(tool, folder, { timeoutMs, home: tree });
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

function targetLabel(target: BuildTarget): string {
  return target.flux
    ? `Flux Kustomization ${target.flux.key} (${target.folder || "."})`
    : target.folder || ".";
}

function kindIs(object: KubeManifest, kind: string, group: string): boolean {
  return (
    object.kind === kind && typeof object.apiVersion === "string" && object.apiVersion.startsWith(`${group}/`)
  );
}

/** HelmReleases listed, ResourceSets expanded (or listed when no expander is given). */
function expandTemplates(
  objects: RenderedObject[],
  expand: ExpandResourceSet | undefined,
): { objects: RenderedObject[]; problems: RenderProblem[] } {
  const problems: RenderProblem[] = [];
  const out: RenderedObject[] = [...objects];
  const providers = objects
    .filter(({ object }) => kindIs(object, "ResourceSetInputProvider", "fluxcd.controlplane.io"))
    .map(({ object }) => object);
  for (const { object, origin } of objects) {
    const name = `${String((object.metadata as Record<string, unknown> | undefined)?.namespace ?? "")}/${String((object.metadata as Record<string, unknown> | undefined)?.name ?? "")}`;
    if (kindIs(object, "HelmRelease", "helm.toolkit.fluxcd.io")) {
      problems.push({
        kind: "not-rendered",
        file: origin.file,
        message: `HelmRelease ${name}: Helm releases are not rendered`,
      });
    } else if (kindIs(object, "ResourceSet", "fluxcd.controlplane.io")) {
      if (!expand) {
        problems.push({
          kind: "not-rendered",
          file: origin.file,
          message: `ResourceSet ${name}: ResourceSets are not rendered`,
        });
        continue;
      }
      const expanded = expand(object, { file: origin.file, document: origin.document ?? 0, providers });
      for (const rendered of expanded.objects)
        out.push({
          ...rendered,
          origin: {
            ...rendered.origin,
            kustomization: rendered.origin.kustomization ?? origin.kustomization,
          },
        });
      problems.push(...expanded.problems);
    }
  }
  return { objects: out, problems };
}

/** Renders `files` (a repository's YAML and kustomization files) as Flux would apply them. */
export async function renderRepository(
  files: RepositoryFiles,
  options: RenderRepositoryOptions = {},
): Promise<RepositoryRender> {
  checkBounds(
    files,
    options.maxBytes ?? DEFAULT_MAX_RENDER_BYTES,
    options.maxFiles ?? DEFAULT_MAX_RENDER_FILES,
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { documents, invalid } = repositoryDocuments(files);
  const plan = planRender(files, documents, { ownSources: options.ownSources });
  const problems: RenderProblem[] = [...plan.problems];

  const workDir = await mkdtemp(path.join(options.tempRoot ?? tmpdir(), "sieve-render-"));
  try {
    const binary = options.kubectl === undefined ? "kubectl" : options.kubectl;
    const tool = binary === null ? null : await findKustomizeTool(binary, workDir);
    const renderer = tool ? describeTool(tool) : BUILT_IN_RENDERER;

    const built: BuiltTarget[] = [];
    if (plan.targets.length === 0) {
      // No kustomization anywhere: every YAML file as it is, like `kubectl apply -f` on the tree.
      problems.push(...invalid);
      const objects: RenderedObject[] = [];
      for (const file of plan.plainFiles)
        (documents.get(file) ?? []).forEach((object, document) => {
          if (object)
            objects.push({ object, origin: { file, document, kustomization: null, template: null } });
        });
      built.push({ target: { folder: "", flux: null }, objects });
    } else if (tool === null) {
      for (const target of plan.targets) {
        const result = builtInBuild(files, documents, target);
        problems.push(...result.problems);
        built.push({ target, objects: result.objects });
      }
    } else {
      const sanitized = sanitizeKustomizations(files);
      problems.push(...sanitized.problems);
      const sourceDir = path.join(workDir, "repository");
      await writeTree(sourceDir, sanitized.files);
      const results = await Promise.all(
        plan.targets.map((target, index) =>
          withBuildSlot(() =>
            buildWithKustomize(tool, workDir, sourceDir, index, sanitized.files, target, timeoutMs),
          ).then(
            (output) => ({ target, ...readBuildOutput(output, target, documents) }),
            (error: unknown) => {
              const message = (error instanceof Error ? error.message : String(error))
                .split(workDir)
                .join("")
                .replace(/\/build-\d+\//g, "")
                // kubectl's own log prefix ("E1205 02:22:32.351872 2449 run.go:72] ") says nothing to a user.
                .replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /gm, "");
              problems.push({
                kind: "kustomize",
                file: target.flux?.file ?? (target.folder || "."),
                message: `${targetLabel(target)}: ${message}`,
              });
              return null;
            },
          ),
        ),
      );
      for (const result of results) {
        if (!result) continue;
        problems.push(...result.problems);
        built.push({ target: result.target, objects: result.objects });
      }
    }

    const substituted = applyPostBuild(built, documents);
    problems.push(...substituted.problems);
    const expanded = expandTemplates(substituted.objects, options.expandResourceSet ?? renderResourceSet);
    problems.push(...expanded.problems);
    return { renderer, objects: expanded.objects, problems };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
