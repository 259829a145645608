import "server-only";
import { readFileSync, statSync } from "node:fs";
import type { GitOpsConfig } from "@/lib/config/sieve-config";
import type { GitOpsSourceSettings } from "./repository-source";

// Turns the parsed GitOps configuration into the source's settings, reading the token from
// SIEVE_GITOPS_TOKEN_FILE when that is how it was given. Problems name the file, never its content.
// A token file is read again whenever it changes: a mounted Secret is rotated in place (GitHub App
// and GitLab project tokens expire within hours), and Sieve must not need a restart for it.

export type GitOpsSettingsResult =
  { ok: true; settings: GitOpsSourceSettings } | { ok: false; error: string };

function readTokenFile(file: string): { ok: true; token: string } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return { ok: false, error: `SIEVE_GITOPS_TOKEN_FILE: cannot read ${file} (${code})` };
  }
  const token = text.trim();
  if (!/^[\x21-\x7e]{1,4096}$/.test(token)) {
    return {
      ok: false,
      error: `SIEVE_GITOPS_TOKEN_FILE: ${file} must hold one token on one line (printable ASCII, no spaces)`,
    };
  }
  return { ok: true, token };
}

/** What identifies a version of the file; a mounted Secret swaps a symlink, so the inode changes too. */
function fileStamp(file: string): string | null {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * The token in `file`, read again when the file changes. A change that is not a valid token (a
 * Secret being rewritten, a removed file) keeps the last good one, said once on the server's log.
 */
function rotatingTokenFile(file: string, first: string): () => string {
  let token = first;
  let stamp = fileStamp(file);
  let reported: string | null = null;
  return () => {
    const current = fileStamp(file);
    if (current === null || current === stamp) return token;
    const read = readTokenFile(file);
    if (read.ok) {
      token = read.token;
      stamp = current;
      reported = null;
    } else if (reported !== current) {
      reported = current;
      console.warn(`sieve: ${read.error}; keeping the token read before`);
    }
    return token;
  };
}

export function gitOpsSettings(config: GitOpsConfig): GitOpsSettingsResult {
  const fixed = config.token?.reveal() ?? null;
  let token = () => fixed;
  if (config.tokenFile !== null) {
    const read = readTokenFile(config.tokenFile);
    if (!read.ok) return read;
    token = rotatingTokenFile(config.tokenFile, read.token);
  }
  return {
    ok: true,
    settings: {
      repository: config.repository,
      baseBranch: config.baseBranch,
      paths: config.paths,
      token,
      cloneUrl: config.cloneUrl,
    },
  };
}
