import "server-only";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

// Git remotes for tests: a seed work tree committed by a fixed author and pushed to a bare
// repository that accepts pushes over HTTP. No user or system git config is read.

export const SEED_GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Seed",
  GIT_AUTHOR_EMAIL: "seed@example.com",
  GIT_COMMITTER_NAME: "Seed",
  GIT_COMMITTER_EMAIL: "seed@example.com",
};

/** Runs git with SEED_GIT_ENV; its standard output. */
export function git(args: string[], cwd?: string): string {
  return execFileSync("git", args, { cwd, env: SEED_GIT_ENV, encoding: "utf8" });
}

/**
 * Commits `files` and symbolic `links` (path → target) on main in the work tree `seed` (made when
 * missing), and pushes main to a new bare repository at `bare`.
 */
export function seedBareRepository(
  seed: string,
  bare: string,
  files: Record<string, string>,
  links: Record<string, string> = {},
): void {
  mkdirSync(seed, { recursive: true });
  git(["init", "--quiet", "-b", "main"], seed);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    writeFileSync(path.join(seed, file), content);
  }
  for (const [link, target] of Object.entries(links)) {
    mkdirSync(path.dirname(path.join(seed, link)), { recursive: true });
    symlinkSync(target, path.join(seed, link));
  }
  git(["add", "-A"], seed);
  git(["commit", "--quiet", "-m", "seed"], seed);
  git(["init", "--quiet", "--bare", "-b", "main", bare]);
  git(["config", "http.receivepack", "true"], bare);
  git(["push", "--quiet", bare, "main"], seed);
}
