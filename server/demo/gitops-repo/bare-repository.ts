import "server-only";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { gitEnvironment, runGit } from "@/server/git/git-command";

// Creates the demo's GitOps repository afresh: a bare repository whose `main` holds one commit of
// the given files, made with git's plumbing (no work tree, no index left behind). A marker file
// says the directory is ours, so a restart may delete it and nothing else.

const MARKER = "sieve-demo-repository";

export interface BareRepositoryRequest {
  /** The repository directory, e.g. `.sieve/demo/gitops.git`; replaced when it holds an older one. */
  directory: string;
  files: ReadonlyMap<string, string>;
  branch: string;
  message: string;
  author: { name: string; email: string };
}

/** Refuses to replace a directory that is not a repository this module made. */
function replaceable(directory: string): boolean {
  if (!existsSync(directory)) return true;
  return readdirSync(directory).length === 0 || existsSync(path.join(directory, MARKER));
}

/** Creates the repository; resolves to the commit of `branch`. */
export async function createBareRepository(request: BareRepositoryRequest): Promise<string> {
  const { directory, files, branch, author } = request;
  if (!replaceable(directory)) {
    throw new Error(
      `${directory} exists and is not a Sieve demo repository; remove it or choose another path`,
    );
  }
  for (const file of files.keys()) {
    if (!isSafeRepoPath(file)) throw new Error(`"${file}" is not a safe repository path`);
  }
  await rm(directory, { recursive: true, force: true });
  await mkdir(path.dirname(directory), { recursive: true });
  const scratch = await mkdtemp(path.join(tmpdir(), "sieve-demo-gitops-"));
  try {
    const tree = path.join(scratch, "tree");
    const env = gitEnvironment(scratch, [["core.hooksPath", "/dev/null"]], {
      GIT_INDEX_FILE: path.join(scratch, "index"),
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    });
    const git = (args: string[], cwd?: string) => runGit({ args, cwd, env, timeoutMs: 30_000, secrets: [] });
    for (const [file, content] of files) {
      await mkdir(path.dirname(path.join(tree, file)), { recursive: true });
      await writeFile(path.join(tree, file), content);
    }
    await git(["init", "--quiet", "--bare", `--initial-branch=${branch}`, directory]);
    await writeFile(path.join(directory, MARKER), "Created by Sieve's demo; replaced on every start.\n");
    const inRepo = ["--git-dir", directory, "--work-tree", tree];
    await git([...inRepo, "add", "--all", "."], tree);
    const treeId = (await git(["--git-dir", directory, "write-tree"])).trim();
    const commit = (await git(["--git-dir", directory, "commit-tree", treeId, "-m", request.message])).trim();
    await git(["--git-dir", directory, "update-ref", `refs/heads/${branch}`, commit]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
