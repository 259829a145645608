import "server-only";
import type { BranchOutcome } from "@/lib/gitops/branch-outcome";
import type { GitOpsPaths } from "@/lib/gitops/repo-paths";
import type { Repository } from "@/lib/gitops/repository-url";
import type { RepositoryFiles } from "@/lib/render/rendered";

// Where Sieve reads the GitOps repository's files and, with a token, pushes fix branches. The
// token never leaves this module's implementation: callers only learn whether pushing is possible.

export interface GitOpsStatus {
  /** ok: the base branch was read; error: the last read failed (files may be stale or missing). */
  state: "ok" | "pending" | "error";
  /** One line for people, never holding the token. */
  message: string;
  /** When the base branch was last read successfully (ms since epoch). */
  readAt: number | null;
  /** The commit the files were read from. */
  commit: string | null;
}

export interface PushedBranch {
  branch: string;
  commit: string;
  outcome: BranchOutcome;
}

export interface GitOpsSource {
  repository: Repository;
  baseBranch: string;
  paths: GitOpsPaths;
  /** A token is configured, so Sieve can push a branch itself. */
  canPush: boolean;
  /** The files at the head of the base branch (null when a file does not exist). */
  readFiles(paths: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Every YAML and kustomization file at the head of the base branch (what Flux and Kustomize
   * read), from the same copy as readFiles; rejects when the repository exceeds Sieve's bounds.
   */
  readRepository(): Promise<RepositoryFiles>;
  /**
   * The same files at the head of `ref` (a full ref name checked by lib/gitops/git-ref: a branch or
   * a pull request's head), within the same bounds; null when the repository has no such ref.
   */
  readRepositoryAt?(ref: string): Promise<{ commit: string; files: RepositoryFiles } | null>;
  /** The repository's branch names, for picking one to ask about. */
  listBranches?(): Promise<string[]>;
  /** Commits `files` (path → new content) on a new branch from the base branch and pushes it. */
  pushBranch(request: {
    branch: string;
    message: string;
    files: ReadonlyArray<{ path: string; content: string }>;
  }): Promise<{ ok: true; pushed: PushedBranch } | { ok: false; error: string }>;
  status(): GitOpsStatus;
}
