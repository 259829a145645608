import "server-only";
import { readFileSync } from "node:fs";
import type { GitOpsConfig } from "@/lib/config/sieve-config";
import type { GitOpsSourceSettings } from "./repository-source";

// Turns the parsed GitOps configuration into the source's settings, reading the token from
// SIEVE_GITOPS_TOKEN_FILE when that is how it was given. Problems name the file, never its content.

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

export function gitOpsSettings(config: GitOpsConfig): GitOpsSettingsResult {
  let token = config.token?.reveal() ?? null;
  if (config.tokenFile !== null) {
    const read = readTokenFile(config.tokenFile);
    if (!read.ok) return read;
    token = read.token;
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
