// Applies decided changes to the repository's files in memory and reports each touched file
// with its before/after text and diff: the single entry point for both the PR link (no token)
// and the pushed branch (with a token).

import type { PlatformCnpConventions } from "./platform-cnp";
import { renderPlatformCnp } from "./platform-cnp";
import { changeProblem, type GitOpsChange } from "./change";
import { appendCnpRules } from "./cnp-rules";
import { addToKustomization } from "./kustomization";
import { patchNamespacesFile, type NamespacesPatchOptions } from "./namespaces-file";
import type { PatchResult } from "./patch-result";
import {
  DEFAULT_GITOPS_PATHS,
  isSafeRepoPath,
  kustomizationPath,
  platformCnpPath,
  type GitOpsPaths,
} from "./repo-paths";
import { unifiedDiff, yamlSectionStart } from "./unified-diff";

export interface FilePatch {
  path: string;
  kind: "create" | "edit";
  before: string | null;
  after: string;
  diff: string;
}

export type ApplyResult = { ok: true; files: FilePatch[] } | { ok: false; error: string };

export interface ApplyOptions extends NamespacesPatchOptions {
  paths?: GitOpsPaths;
  conventions?: PlatformCnpConventions;
}

/** The repository files `changes` read or write, for the caller to load. */
export function filesNeeded(
  changes: readonly GitOpsChange[],
  paths: GitOpsPaths = DEFAULT_GITOPS_PATHS,
): { ok: true; paths: string[] } | { ok: false; error: string } {
  for (const change of changes) {
    const problem = changeProblem(change);
    if (problem) return { ok: false, error: problem };
  }
  for (const path of [paths.namespacesFile, paths.platformCnpDir]) {
    if (!isSafeRepoPath(path)) return { ok: false, error: `"${path}" is not a safe repository path` };
  }
  const needed = changes.flatMap((change) => {
    switch (change.type) {
      case "set-namespace-labels":
        return [paths.namespacesFile];
      case "add-platform-cnp":
        return [platformCnpPath(paths, change.namespace), kustomizationPath(paths)];
      case "add-cnp-rules":
        return [platformCnpPath(paths, change.namespace)];
    }
  });
  return { ok: true, paths: [...new Set(needed)] };
}

/**
 * Applies `changes` in order to `files` (path → current text, null when the file does not exist).
 * Files no change touched are left out of the result.
 */
export function applyChanges(
  changes: readonly GitOpsChange[],
  files: ReadonlyMap<string, string | null>,
  options: ApplyOptions = {},
): ApplyResult {
  const paths = options.paths ?? DEFAULT_GITOPS_PATHS;
  const needed = filesNeeded(changes, paths);
  if (!needed.ok) return needed;
  const current = new Map(files);
  const read = (path: string): string | null | undefined => current.get(path);

  const step = (path: string, what: string, patch: (text: string) => PatchResult): string | null => {
    const text = read(path);
    if (text === undefined) return `${path} was not loaded`;
    if (text === null) return `${path} does not exist in the repository (${what})`;
    const result = patch(text);
    if (!result.ok) return `${path}: ${result.error}`;
    current.set(path, result.content);
    return null;
  };

  for (const change of changes) {
    let error: string | null = null;
    if (change.type === "set-namespace-labels") {
      error = step(paths.namespacesFile, "namespaces file", (text) =>
        patchNamespacesFile(text, change, options),
      );
    } else if (change.type === "add-cnp-rules") {
      error = step(platformCnpPath(paths, change.namespace), "platform CNP", (text) =>
        appendCnpRules(text, change),
      );
    } else {
      const rendered = renderPlatformCnp(change, options.conventions);
      if (!rendered.ok) return rendered;
      const target = platformCnpPath(paths, change.namespace);
      const existing = read(target);
      if (existing === undefined) return { ok: false, error: `${target} was not loaded` };
      if (existing !== null && existing !== rendered.content) {
        return { ok: false, error: `${target} already exists; propose added rules instead` };
      }
      current.set(target, rendered.content);
      error = step(kustomizationPath(paths), "kustomization", (text) =>
        addToKustomization(text, rendered.fileName),
      );
    }
    if (error) return { ok: false, error };
  }

  const patches: FilePatch[] = [];
  for (const [path, after] of current) {
    const before = files.get(path) ?? null;
    if (after === null || after === before) continue;
    patches.push({
      path,
      kind: before === null ? "create" : "edit",
      before,
      after,
      diff: unifiedDiff(before, after, path, { isSectionStart: yamlSectionStart }),
    });
  }
  return { ok: true, files: patches };
}
