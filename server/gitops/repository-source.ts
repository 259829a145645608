import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GitOpsPaths } from "@/lib/gitops/repo-paths";
import type { Repository } from "@/lib/gitops/repository-url";
import { pushBranch } from "@/server/git/push-branch";
import { isRepositoryFile, referencedFiles } from "@/lib/render/kustomize-tree";
import { DEFAULT_MAX_RENDER_BYTES, DEFAULT_MAX_RENDER_FILES } from "@/server/render/render-repository";
import { BaseBranchCache } from "./base-branch-cache";
import { gitAccess } from "./git-access";
import type { GitOpsSource, GitOpsStatus } from "./gitops-source";

// The GitOps repository over git-over-HTTPS: files are read from a shallow copy of the base
// branch, fetched at most once a minute (or when asked), and fix branches are pushed from a fresh
// clone by server/git/push-branch.ts. Public repositories are read without a token.

export interface GitOpsSourceSettings {
  repository: Repository;
  baseBranch: string;
  paths: GitOpsPaths;
  /**
   * The token now (server-side only; asked before every git command, so a rotated token is used
   * at once); without one Sieve reads (public repositories) but cannot push.
   */
  token: () => string | null;
  /** Where git reads and pushes, when not the web URL's `.git`. */
  cloneUrl?: string | null;
  /** The cache directory (created if needed); default a private temporary one. */
  cacheDir?: string;
  /** How old the copy of the base branch may get before a read fetches again (default 60 s). */
  refreshIntervalMs?: number;
  /** Per git command (default 60 s). */
  timeoutMs?: number;
  now?: () => number;
  gitBinary?: string;
  /** Where push-branch makes its temporary clones (default the OS temp directory). */
  workRoot?: string;
  /** Bounds on readRepository (default those of the renderer). */
  repositoryLimits?: { maxFiles?: number; maxBytes?: number };
}

/** GitOpsSource plus the handles the runtime and tests need. */
export interface GitOpsRepositorySource extends GitOpsSource {
  /** Fetches the base branch now (the status says how it went; never rejects). */
  refresh(): Promise<GitOpsStatus>;
  /** Removes the cache directory when Sieve made it. */
  dispose(): void;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;

function privateTempDir(): { directory: string; remove: () => void } {
  const directory = mkdtempSync(path.join(tmpdir(), "sieve-gitops-"));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  process.once("exit", remove);
  return {
    directory,
    remove: () => {
      process.off("exit", remove);
      remove();
    },
  };
}

export function createGitOpsSource(settings: GitOpsSourceSettings): GitOpsRepositorySource {
  const now = settings.now ?? Date.now;
  const interval = settings.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cloneUrl = settings.cloneUrl ?? settings.repository.cloneUrl;
  const access = gitAccess(settings.repository, cloneUrl, settings.token);
  // push-branch scopes the token's header to the repository's origin and clones its cloneUrl.
  const pushRepository: Repository = { ...settings.repository, cloneUrl, origin: new URL(cloneUrl).origin };

  let cache: Promise<BaseBranchCache> | null = null;
  let removeCache: (() => void) | null = null;
  const makeCache = async (): Promise<BaseBranchCache> => {
    let directory: string;
    if (settings.cacheDir) {
      directory = settings.cacheDir;
      await mkdir(directory, { recursive: true, mode: 0o700 });
    } else {
      const made = privateTempDir();
      directory = made.directory;
      removeCache = made.remove;
    }
    return new BaseBranchCache({
      access,
      baseBranch: settings.baseBranch,
      directory,
      timeoutMs,
      gitBinary: settings.gitBinary,
    });
  };
  const cacheFor = (): Promise<BaseBranchCache> =>
    (cache ??= makeCache().catch((error: unknown) => {
      cache = null;
      throw error;
    }));

  /** Every YAML and kustomization file at `commit`, and the other files they read, within bounds. */
  const readRepositoryFiles = async (
    cache: BaseBranchCache,
    commit: string,
  ): Promise<Map<string, string>> => {
    const maxFiles = settings.repositoryLimits?.maxFiles ?? DEFAULT_MAX_RENDER_FILES;
    const maxBytes = settings.repositoryLimits?.maxBytes ?? DEFAULT_MAX_RENDER_BYTES;
    const files = await cache.readTree(commit, isRepositoryFile, { maxFiles, maxBytes });
    // Generator inputs and other non-YAML files the kustomizations read, within what is left.
    const referenced = new Set(referencedFiles(files));
    if (referenced.size === 0) return files;
    let used = 0;
    for (const text of files.values()) used += Buffer.byteLength(text);
    const extra = await cache.readTree(commit, (repoPath) => referenced.has(repoPath), {
      maxFiles: maxFiles - files.size,
      maxBytes: maxBytes - used,
    });
    for (const [repoPath, text] of extra) files.set(repoPath, text);
    return files;
  };

  let state: GitOpsStatus = { state: "pending", message: "not read yet", readAt: null, commit: null };
  let attemptedAt: number | null = null;
  let lastError: string | null = null;
  let inFlight: Promise<void> | null = null;

  const fetchNow = (): Promise<void> => {
    inFlight ??= (async () => {
      attemptedAt = now();
      try {
        const commit = await (await cacheFor()).fetch();
        lastError = null;
        state = {
          state: "ok",
          message: `read ${settings.baseBranch} at ${commit.slice(0, 12)}`,
          readAt: now(),
          commit,
        };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        state = { ...state, state: "error", message: lastError };
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const fresh = async (): Promise<string> => {
    const due = attemptedAt === null || now() - attemptedAt >= interval;
    if (inFlight) await inFlight;
    else if (due) await fetchNow();
    if (state.commit === null) throw new Error(lastError ?? "the base branch has not been read yet");
    return state.commit;
  };

  return {
    repository: settings.repository,
    baseBranch: settings.baseBranch,
    paths: settings.paths,
    canPush: settings.token() !== null,

    async readFiles(paths) {
      const commit = await fresh();
      return (await cacheFor()).read(commit, paths);
    },

    async readRepository() {
      return readRepositoryFiles(await cacheFor(), await fresh());
    },

    async listBranches() {
      return (await cacheFor()).listBranches();
    },

    async readRepositoryAt(ref) {
      const cache = await cacheFor();
      const commit = await cache.fetchRef(ref);
      return commit === null ? null : { commit, files: await readRepositoryFiles(cache, commit) };
    },
    async pushBranch(request) {
      const token = settings.token();
      if (token === null) {
        return {
          ok: false,
          error: "Sieve has no token for this repository (SIEVE_GITOPS_TOKEN), so it cannot push a branch",
        };
      }
      const seenCommit = state.commit;
      const result = await pushBranch({
        repository: pushRepository,
        token,
        baseBranch: settings.baseBranch,
        branch: request.branch,
        message: request.message,
        timeoutMs,
        gitBinary: settings.gitBinary,
        workRoot: settings.workRoot,
        files: async (read) => {
          // The new content was made from Sieve's copy; if the branch moved on since, it is stale.
          if (seenCommit !== null) {
            const seen = await (
              await cacheFor()
            ).read(
              seenCommit,
              request.files.map((file) => file.path),
            );
            for (const file of request.files) {
              if ((await read(file.path)) !== seen.get(file.path)) {
                void fetchNow();
                return {
                  ok: false,
                  error: `${file.path} changed on ${settings.baseBranch} since Sieve read it: reload and try again`,
                };
              }
            }
          }
          return {
            ok: true,
            files: request.files.map(({ path: repoPath, content }) => ({ path: repoPath, content })),
          };
        },
      });
      if (!result.ok) return result;
      return { ok: true, pushed: { branch: result.branch, commit: result.commit, outcome: result.outcome } };
    },

    status: () => ({ ...state }),

    async refresh() {
      // A fetch already under way may have started before the commit the caller wants to see.
      if (inFlight) await inFlight;
      await fetchNow();
      return { ...state };
    },

    dispose() {
      removeCache?.();
      removeCache = null;
      cache = null;
    },
  };
}
