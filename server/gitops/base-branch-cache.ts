import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { redact, runGit } from "@/server/git/git-command";
import type { GitAccess } from "./git-access";

// A shallow, bare copy of the base branch's head: fetched with `git fetch --depth 1` into a
// private directory and read with `git ls-tree` / `git cat-file`, so nothing from the remote is
// ever checked out onto disk (no symlink or hook in the repository can do anything here).

const BASE_REF = "refs/sieve/base";

export interface BaseBranchCacheOptions {
  access: GitAccess;
  baseBranch: string;
  /** An empty or previously used directory of this cache. */
  directory: string;
  timeoutMs: number;
  gitBinary?: string;
}

function oneLine(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message.replace(/[\r\n]+/g, " ").trim(), secrets);
}

export class BaseBranchCache {
  private initialized = false;

  constructor(private readonly options: BaseBranchCacheOptions) {}

  private git(args: string[]): Promise<string> {
    const { access, directory, timeoutMs, gitBinary } = this.options;
    return runGit({
      args,
      cwd: directory,
      env: access.environment(path.join(directory, "home"), { GIT_LITERAL_PATHSPECS: "1" }),
      timeoutMs,
      secrets: access.secrets,
      gitBinary,
    });
  }

  /** Fetches the head of the base branch; resolves to its commit, rejects with one safe line. */
  async fetch(): Promise<string> {
    try {
      if (!this.initialized) {
        await mkdir(path.join(this.options.directory, "home"), { recursive: true, mode: 0o700 });
        await this.git(["init", "--quiet", "--bare", "."]);
        this.initialized = true;
      }
      await this.git([
        "fetch",
        "--quiet",
        "--depth",
        "1",
        "--no-tags",
        "--",
        this.options.access.cloneUrl,
        `+refs/heads/${this.options.baseBranch}:${BASE_REF}`,
      ]);
      return (await this.git(["rev-parse", "--verify", "--quiet", `${BASE_REF}^{commit}`])).trim();
    } catch (error) {
      throw new Error(oneLine(error, this.options.access.secrets));
    }
  }

  /** The files at `commit`: content, or null when absent; a link or folder in their place is an error. */
  async read(commit: string, paths: readonly string[]): Promise<Map<string, string | null>> {
    const unsafe = paths.find((repoPath) => !isSafeRepoPath(repoPath));
    if (unsafe !== undefined) throw new Error(`"${unsafe}" is not a safe repository path`);
    const files = new Map<string, string | null>(paths.map((repoPath) => [repoPath, null]));
    if (paths.length === 0) return files;
    const listing = await this.git(["ls-tree", "-z", "--full-tree", commit, "--", ...new Set(paths)]);
    for (const entry of listing.split("\0")) {
      const match = /^(\d{6}) (\w+) ([0-9a-f]{40,64})\t(.*)$/s.exec(entry);
      if (!match || !files.has(match[4]!)) continue;
      const [, mode, type, object, repoPath] = match as unknown as [string, string, string, string, string];
      if (mode === "120000") throw new Error(`${repoPath} is a symbolic link`);
      if (type !== "blob") throw new Error(`${repoPath} is not a regular file`);
      files.set(repoPath, await this.git(["cat-file", "blob", object]));
    }
    return files;
  }
}
