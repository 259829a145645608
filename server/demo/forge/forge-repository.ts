import "server-only";
import path from "node:path";
import { isSafeBranchName } from "@/lib/gitops/branch-name";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { gitEnvironment, runGit } from "@/server/git/git-command";

// What the forge's pages show of its bare repository, read with git. Branch names and paths come
// from URLs, so they are checked before git sees them and always passed as full ref names.

export interface CommitLine {
  commit: string;
  subject: string;
  author: string;
}

export class ForgeRepository {
  constructor(private readonly directory: string) {}

  private git(args: string[]): Promise<string> {
    const home = path.dirname(this.directory);
    return runGit({
      args: ["--git-dir", this.directory, ...args],
      env: gitEnvironment(home, [], { GIT_LITERAL_PATHSPECS: "1" }),
      timeoutMs: 15_000,
      secrets: [],
    });
  }

  async branches(): Promise<string[]> {
    const out = await this.git(["for-each-ref", "--format=%(refname:strip=2)", "refs/heads/"]);
    return out.split("\n").filter(Boolean);
  }

  async hasBranch(branch: string): Promise<boolean> {
    return isSafeBranchName(branch) && (await this.branches()).includes(branch);
  }

  /** The files of `branch`, one path each. */
  async files(branch: string): Promise<string[]> {
    const out = await this.git(["ls-tree", "-r", "-z", "--name-only", `refs/heads/${branch}`]);
    return out.split("\0").filter(Boolean);
  }

  /** The file's content, or null when `branch` has no such file. */
  async file(branch: string, repoPath: string): Promise<string | null> {
    if (!isSafeRepoPath(repoPath)) return null;
    const listing = await this.git(["ls-tree", "-z", `refs/heads/${branch}`, "--", repoPath]);
    const match = /^\d{6} blob ([0-9a-f]+)\t/.exec(listing);
    return match ? this.git(["cat-file", "blob", match[1]!]) : null;
  }

  /** Commits on `head` that are not on `base`, newest first. */
  async commits(base: string, head: string): Promise<CommitLine[]> {
    const out = await this.git([
      "log",
      "--format=%H%x1f%s%x1f%an",
      `refs/heads/${base}..refs/heads/${head}`,
      "--",
    ]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [commit = "", subject = "", author = ""] = line.split("\x1f");
        return { commit, subject, author };
      });
  }

  /** `git diff base...head`: what the pull request would change. */
  diff(base: string, head: string): Promise<string> {
    return this.git(["diff", "--no-color", "--no-ext-diff", `refs/heads/${base}...refs/heads/${head}`, "--"]);
  }
}
