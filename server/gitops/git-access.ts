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
  /**
   * Everything that must never appear in an error line: the current token and header values and
   * those of the last tokens before it (a command may have started with a token since rotated).
   */
  readonly secrets: string[];
  /** The git environment, with the token as it is now, for commands run with `home` as HOME. */
  environment(home: string, extra?: GitEnv): GitEnv;
}

/** How many rotated tokens stay redacted after they were replaced. */
const REMEMBERED_TOKENS = 4;

function secretsOf(repository: Repository, token: string): string[] {
  const credential = defaultCredential(repository.provider, token);
  const header = authorizationHeader(credential);
  return [token, header, header.slice("Basic ".length), credential.username, credential.password].filter(
    (secret) => secret.length >= 8,
  );
}

export function gitAccess(repository: Repository, cloneUrl: string, token: () => string | null): GitAccess {
  const origin = new URL(cloneUrl).origin;
  const fixedConfig: Array<[string, string]> = [
    ["credential.helper", ""],
    ["http.followRedirects", "false"],
    ["core.hooksPath", "/dev/null"],
    ["protocol.file.allow", "never"],
  ];
  const used: string[] = [];
  const current = (): string | null => {
    const now = token();
    if (now !== null && used.at(-1) !== now) {
      used.push(now);
      if (used.length > REMEMBERED_TOKENS) used.shift();
    }
    return now;
  };
  return {
    cloneUrl,
    get secrets() {
      current();
      return used.flatMap((each) => secretsOf(repository, each));
    },
    environment: (home, extra = {}) => {
      const now = current();
      const header =
        now === null
          ? []
          : [
              [
                `http.${origin}/.extraHeader`,
                `Authorization: ${authorizationHeader(defaultCredential(repository.provider, now))}`,
              ] as [string, string],
            ];
      return gitEnvironment(home, [...header, ...fixedConfig], extra);
    },
  };
}
