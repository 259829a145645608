// The GitOps repository Sieve proposes changes to, parsed from its web URL. The URL comes from
// configuration and ends up in links shown to users and in `git clone`, so it is held to a
// strict form: https (http only on loopback), no credentials, no query or fragment, plain path.

export type GitProvider = "github" | "gitlab" | "gitea";

export interface Repository {
  provider: GitProvider;
  /** `https://host[:port]` */
  origin: string;
  /** owner/repo (GitHub, Gitea) or group/…/project (GitLab), without `.git`. */
  segments: string[];
  /** `https://host/owner/repo` */
  webUrl: string;
  /** `https://host/owner/repo.git` */
  cloneUrl: string;
}

export type RepositoryResult = { ok: true; repository: Repository } | { ok: false; error: string };

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The provider a well-known host implies; self-hosted instances need it configured. */
export function providerForHost(hostname: string): GitProvider | null {
  const host = hostname.toLowerCase();
  if (host === "github.com" || host.startsWith("github.")) return "github";
  if (host === "gitlab.com" || host.startsWith("gitlab.")) return "gitlab";
  if (host === "codeberg.org" || /^(gitea|forgejo)\./.test(host)) return "gitea";
  return null;
}

export function parseRepositoryUrl(raw: string, provider?: GitProvider): RepositoryResult {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: "the repository URL is not a URL" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    return { ok: false, error: "the repository URL must use https (http only for localhost)" };
  }
  if (url.username || url.password) {
    return { ok: false, error: "the repository URL must not contain credentials; configure a token instead" };
  }
  if (url.search || url.hash || raw.includes("?") || raw.includes("#")) {
    return { ok: false, error: "the repository URL must not have a query or fragment" };
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\.git$/, "");
  const segments = path.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => !SEGMENT.test(segment) || segment.endsWith(".") || segment.includes(".."))) {
    return { ok: false, error: "the repository URL path may only hold letters, digits, '.', '_' and '-'" };
  }
  const resolved = provider ?? providerForHost(url.hostname);
  if (!resolved) {
    return {
      ok: false,
      error: `cannot tell the provider of ${url.hostname}; configure github, gitlab or gitea`,
    };
  }
  const expected = resolved === "gitlab" ? segments.length >= 2 : segments.length === 2;
  if (!expected) {
    return {
      ok: false,
      error:
        resolved === "gitlab"
          ? "a GitLab repository URL is https://host/group[/subgroup…]/project"
          : "the repository URL must be https://host/owner/repo",
    };
  }
  const webUrl = `${url.origin}/${segments.join("/")}`;
  return {
    ok: true,
    repository: { provider: resolved, origin: url.origin, segments, webUrl, cloneUrl: `${webUrl}.git` },
  };
}
