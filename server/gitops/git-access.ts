import "server-only";
import type { Repository } from "@/lib/gitops/repository-url";
import { authorizationHeader, defaultCredential } from "@/server/git/git-auth";
import { gitEnvironment, type GitEnv } from "@/server/git/git-command";

// How Sieve's git commands reach the GitOps remote, the same way server/git/push-branch.ts does:
// the token travels only as an `http.<origin>/.extraHeader` set through the environment (never
// argv or a URL), no credential helper, no redirects, no hooks, no local transports.

export interface GitAccess {
  /** Where git fetches from and pushes to. */
  cloneUrl: string;
  /** Everything that must never appear in an error line (token, header value). */
  secrets: string[];
  /** The git environment for commands run with `home` as HOME. */
  environment(home: string, extra?: GitEnv): GitEnv;
}

export function gitAccess(repository: Repository, cloneUrl: string, token: string | null): GitAccess {
  const origin = new URL(cloneUrl).origin;
  const credential = token === null ? null : defaultCredential(repository.provider, token);
  const header = credential === null ? null : authorizationHeader(credential);
  const secrets =
    token === null || credential === null || header === null
      ? []
      : [token, header, header.slice("Basic ".length), credential.username, credential.password].filter(
          (secret) => secret.length >= 8,
        );
  const config: Array<[string, string]> = [
    ...(header === null
      ? []
      : [[`http.${origin}/.extraHeader`, `Authorization: ${header}`] as [string, string]]),
    ["credential.helper", ""],
    ["http.followRedirects", "false"],
    ["core.hooksPath", "/dev/null"],
    ["protocol.file.allow", "never"],
  ];
  return {
    cloneUrl,
    secrets,
    environment: (home, extra = {}) => gitEnvironment(home, config, extra),
  };
}
