import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { shortHash } from "@/lib/gitops/branch-name";
import { parseGitRef } from "@/lib/gitops/git-ref";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { redactedErrorLine, runGit, runGitBytes } from "@/server/git/git-command";
import type { GitAccess } from "./git-access";

// A shallow, bare copy of the base branch's head: fetched with `git fetch --depth 1` into a
// private directory and read with `git ls-tree` / `git cat-file`, so nothing from the remote is
// ever checked out onto disk (no symlink or hook in the repository can do anything here).

const BASE_REF = "refs/sieve/base";
/** Where the heads of other refs (what-if) are fetched to, one local ref per remote ref. */
const OTHER_REFS = "refs/sieve/other";
const MISSING_REF = /couldn't find remote ref|no such ref|not our ref/i;

export interface BaseBranchCacheOptions {
  access: GitAccess;
  baseBranch: string;
  /** An empty or previously used directory of this cache. */
  directory: string;
  timeoutMs: number;
  gitBinary?: string;
}

export interface TreeLimits {
  maxFiles: number;
  maxBytes: number;
}

export class BaseBranchCache {
  private initialized = false;
  /** Fetches run one at a time: two fetches into one shallow repository race on its lock files. */
  private fetching: Promise<unknown> = Promise.resolve();

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

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const next = this.fetching.then(run, run);
    this.fetching = next.catch(() => undefined);
    return next;
  }

  private async init(): Promise<void> {
    if (this.initialized) return;
    await mkdir(path.join(this.options.directory, "home"), { recursive: true, mode: 0o700 });
    await this.git(["init", "--quiet", "--bare", "."]);
    this.initialized = true;
  }

  /**
   * Fetches the head of `ref` (a full ref name as lib/gitops/git-ref makes it) into this copy;
   * resolves to its commit, or null when the remote has no such ref; rejects with one safe line.
   */
  fetchRef(ref: string): Promise<string | null> {
    return this.serialized(() => this.fetchRefNow(ref));
  }

  /** Fetches the head of the base branch; resolves to its commit, rejects with one safe line. */
  fetch(): Promise<string> {
    return this.serialized(() => this.fetchBase());
  }

  /** The remote's branch names (`git ls-remote --heads`), sorted; names git would refuse are left out. */
  async listBranches(): Promise<string[]> {
    try {
      await this.init();
      const output = await this.git(["ls-remote", "--heads", "--", this.options.access.cloneUrl]);
      const names = output
        .split("\n")
        .map((line) => /^[0-9a-f]{40,64}\trefs\/heads\/(.+)$/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined)
        .filter((name) => {
          const parsed = parseGitRef(`refs/heads/${name}`);
          return parsed.ok;
        });
      return [...new Set(names)].sort();
    } catch (error) {
      throw new Error(redactedErrorLine(error, this.options.access.secrets));
    }
  }

  /** One shallow fetch of `remote` into the local ref `local`; resolves to its commit. */
  private async fetchInto(remote: string, local: string): Promise<string> {
    await this.init();
    await this.git([
      "fetch",
      "--quiet",
      "--depth",
      "1",
      "--no-tags",
      "--",
      this.options.access.cloneUrl,
      `+${remote}:${local}`,
    ]);
    return (await this.git(["rev-parse", "--verify", "--quiet", `${local}^{commit}`])).trim();
  }

  private async fetchRefNow(ref: string): Promise<string | null> {
    const parsed = parseGitRef(ref);
    if (!parsed.ok || parsed.ref !== ref) throw new Error(`"${ref.slice(0, 60)}" is not a ref Sieve reads`);
    const local = `${OTHER_REFS}/${shortHash(ref)}`;
    try {
      return await this.fetchInto(ref, local);
    } catch (error) {
      const line = redactedErrorLine(error, this.options.access.secrets);
      if (MISSING_REF.test(line)) return null;
      throw new Error(line);
    }
  }

  private async fetchBase(): Promise<string> {
    try {
      return await this.fetchInto(`refs/heads/${this.options.baseBranch}`, BASE_REF);
    } catch (error) {
      throw new Error(redactedErrorLine(error, this.options.access.secrets));
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

  /**
   * Every file at `commit` whose path `include` accepts (regular files only: links and submodules
   * are skipped), read in one `git cat-file --batch`; rejects before reading when the count or the
   * total size exceeds `limits`.
   */
  async readTree(
    commit: string,
    include: (repoPath: string) => boolean,
    limits: TreeLimits,
  ): Promise<Map<string, string>> {
    const listing = await this.git(["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
    const wanted: { path: string; object: string; size: number }[] = [];
    let total = 0;
    for (const entry of listing.split("\0")) {
      const match = /^(\d{6}) (\w+) ([0-9a-f]{40,64}) +(\d+|-)\t(.*)$/s.exec(entry);
      if (!match) continue;
      const [, mode, type, object, size, repoPath] = match as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      if (type !== "blob" || mode === "120000" || !isSafeRepoPath(repoPath) || !include(repoPath)) continue;
      wanted.push({ path: repoPath, object, size: Number(size) });
      total += Number(size);
      if (wanted.length > limits.maxFiles)
        throw new Error(
          `the repository has more than ${limits.maxFiles} YAML files; Sieve reads at most that many`,
        );
      if (total > limits.maxBytes)
        throw new Error(
          `the repository's YAML files hold more than ${Math.round(limits.maxBytes / 1024 / 1024)} MiB; Sieve reads at most that`,
        );
    }
    const files = new Map<string, string>();
    if (wanted.length === 0) return files;
    const { access, directory, timeoutMs, gitBinary } = this.options;
    const output = await runGitBytes({
      args: ["cat-file", "--batch"],
      cwd: directory,
      env: access.environment(path.join(directory, "home"), { GIT_LITERAL_PATHSPECS: "1" }),
      timeoutMs,
      secrets: access.secrets,
      gitBinary,
      input: wanted.map((file) => `${file.object}\n`).join(""),
    });
    let offset = 0;
    for (const file of wanted) {
      const headerEnd = output.indexOf(0x0a, offset);
      const header = output.subarray(offset, headerEnd).toString("utf8");
      const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? Number.NaN);
      if (!Number.isFinite(size)) throw new Error(`git cat-file: unexpected answer for ${file.path}`);
      files.set(file.path, output.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
      offset = headerEnd + 1 + size + 1;
    }
    return files;
  }
}
