import "server-only";
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BranchOutcome } from "@/lib/gitops/branch-outcome";
import { isSafeBranchName } from "@/lib/gitops/branch-name";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import type { Repository } from "@/lib/gitops/repository-url";
import { authorizationHeader, defaultCredential, type BasicCredential } from "./git-auth";
import { gitEnvironment, redactedErrorLine, runGit } from "./git-command";

// Creates a branch with one commit on the GitOps repository and pushes it over git-over-HTTPS with
// a token that stays on the server: in a fresh temporary clone, the token travels only in an
// `http.<origin>/.extraHeader` set through the environment (never in the URL, argv or an error).

export interface CommitAuthor {
  name: string;
  email: string;
}

export const DEFAULT_AUTHOR: CommitAuthor = { name: "Sieve", email: "sieve@localhost" };
const DEFAULT_TIMEOUT_MS = 60_000;

export type FilesResult =
  { ok: true; files: Array<{ path: string; content: string }> } | { ok: false; error: string };

/** Reads a file of the fresh checkout; null when it does not exist. */
export type ReadFile = (repoPath: string) => Promise<string | null>;

export interface PushBranchRequest {
  repository: Repository;
  token: string;
  baseBranch: string;
  branch: string;
  /** Commit message: first line the subject. */
  message: string;
  /** The files to commit, computed from the checkout of the base branch. */
  files: (read: ReadFile) => FilesResult | Promise<FilesResult>;
  author?: CommitAuthor;
  /** Overrides the provider's usual user name/password pairing of the token. */
  credential?: BasicCredential;
  /** Per git command. */
  timeoutMs?: number;
  gitBinary?: string;
  /** Where the temporary clone goes (default: the OS temp directory). */
  workRoot?: string;
}

export type PushResult =
  | { ok: true; branch: string; commit: string; files: string[]; outcome: BranchOutcome }
  | { ok: false; error: string };

/** The parents and the author's e-mail of a raw commit object (`git cat-file commit`). */
function commitFacts(raw: string): { parents: number; authorEmail: string | null } {
  const header = raw.split("\n\n", 1)[0] ?? "";
  const lines = header.split("\n");
  const author = lines.find((line) => line.startsWith("author "));
  return {
    parents: lines.filter((line) => line.startsWith("parent ")).length,
    authorEmail: author ? (/<([^>]*)>/.exec(author)?.[1] ?? null) : null,
  };
}

function requestProblem(request: PushBranchRequest, author: CommitAuthor): string | null {
  if (!/^[\x21-\x7e]{1,4096}$/.test(request.token))
    return "the git token is empty or has characters a header cannot carry";
  if (!isSafeBranchName(request.baseBranch)) return "the base branch name is not safe";
  if (!isSafeBranchName(request.branch)) return "the branch name is not safe";
  if (request.branch === request.baseBranch) return "the branch must differ from the base branch";
  if (/[\x00-\x1f<>]/.test(author.name + author.email) || !author.name || !author.email) {
    return "the commit author has characters git does not accept";
  }
  if (!request.message.trim()) return "the commit message is empty";
  return null;
}

/** Resolves a repository path inside the checkout, refusing symlinks on the way (a clone may hold any). */
async function checkedPath(root: string, repoPath: string, forWrite: boolean): Promise<string> {
  if (!isSafeRepoPath(repoPath)) throw new Error(`"${repoPath}" is not a safe repository path`);
  const parts = repoPath.split("/");
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (!info) {
      if (forWrite && i < parts.length - 1) await mkdir(current);
      continue;
    }
    if (info.isSymbolicLink()) throw new Error(`${parts.slice(0, i + 1).join("/")} is a symbolic link`);
    if (i < parts.length - 1 && !info.isDirectory())
      throw new Error(`${parts.slice(0, i + 1).join("/")} is not a directory`);
    if (i === parts.length - 1 && !info.isFile()) throw new Error(`${repoPath} is not a regular file`);
  }
  return current;
}

/**
 * Clones the base branch, writes the files, commits and pushes `branch`; when the branch exists,
 * updates it only if it holds Sieve's own commit alone (see BranchOutcome).
 */
export async function pushBranch(request: PushBranchRequest): Promise<PushResult> {
  const author = request.author ?? DEFAULT_AUTHOR;
  const problem = requestProblem(request, author);
  if (problem) return { ok: false, error: problem };

  const credential = request.credential ?? defaultCredential(request.repository.provider, request.token);
  const header = authorizationHeader(credential);
  const secrets = [
    request.token,
    header,
    header.slice("Basic ".length),
    credential.password,
    credential.username,
  ].filter((secret) => secret.length >= 8);
  const scratch = await mkdtemp(path.join(request.workRoot ?? tmpdir(), "sieve-git-"));
  try {
    const home = path.join(scratch, "home");
    const work = path.join(scratch, "repo");
    await mkdir(home);
    const env = gitEnvironment(
      home,
      [
        [`http.${request.repository.origin}/.extraHeader`, `Authorization: ${header}`],
        ["credential.helper", ""],
        ["http.followRedirects", "false"],
        ["core.hooksPath", "/dev/null"],
        ["commit.gpgSign", "false"],
        ["protocol.file.allow", "never"],
      ],
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      },
    );
    const git = (args: string[], cwd = work) =>
      runGit({
        args,
        cwd,
        env,
        secrets,
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        gitBinary: request.gitBinary,
      });

    await git(
      [
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--single-branch",
        "--no-tags",
        "--branch",
        request.baseBranch,
        "--",
        request.repository.cloneUrl,
        work,
      ],
      scratch,
    );

    const read: ReadFile = async (repoPath) => {
      const file = await checkedPath(work, repoPath, false);
      return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
    };
    const prepared = await request.files(read);
    if (!prepared.ok) return prepared;
    if (prepared.files.length === 0) return { ok: false, error: "there is nothing to commit" };
    for (const file of prepared.files) {
      await writeFile(await checkedPath(work, file.path, true), file.content, "utf8");
    }
    const paths = prepared.files.map((file) => file.path);
    await git(["add", "--", ...paths]);
    if ((await git(["status", "--porcelain", "--", ...paths])).trim() === "") {
      return { ok: false, error: "the base branch already has these changes" };
    }
    await git(["commit", "--quiet", "--no-verify", "-m", request.message.replace(/\0/g, "")]);
    const commit = (await git(["rev-parse", "HEAD"])).trim();
    const target = `refs/heads/${request.branch}`;
    const done = (outcome: BranchOutcome, sha = commit) =>
      ({ ok: true, branch: request.branch, commit: sha, files: paths, outcome }) as const;

    // The branch name is a digest of the change, so asking again (after new drops) names the same
    // branch. A plain push would be refused as not a fast-forward.
    const existing = (await git(["ls-remote", "--heads", "origin", target])).trim().split(/\s+/)[0] ?? "";
    if (!/^[0-9a-f]{40,64}$/.test(existing)) {
      await git(["push", "--quiet", "--no-verify", "origin", `HEAD:${target}`]);
      return done("created");
    }
    const seen = "refs/sieve/existing";
    await git(["fetch", "--quiet", "--depth", "1", "--no-tags", "origin", `+${target}:${seen}`]);
    const tree = (ref: string) => git(["ls-tree", "-r", ref, "--", ...paths]);
    if ((await tree("HEAD")) === (await tree(seen))) return done("unchanged", existing);
    const facts = commitFacts(await git(["cat-file", "commit", existing]));
    if (facts.parents !== 1 || facts.authorEmail !== author.email) return done("kept", existing);
    // Sieve's own single commit: replaced only if the branch still points where Sieve saw it.
    await git([
      "push",
      "--quiet",
      "--no-verify",
      `--force-with-lease=${target}:${existing}`,
      "origin",
      `HEAD:${target}`,
    ]);
    return done("updated");
  } catch (error) {
    return { ok: false, error: redactedErrorLine(error, secrets) };
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}
