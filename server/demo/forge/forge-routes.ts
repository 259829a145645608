import "server-only";

// The URLs the demo forge answers, for its one repository `/<owner>/<repo>`: git's smart HTTP
// paths (with or without `.git`), and the Gitea web pages Sieve links to for provider "gitea".

export type ForgeRoute =
  | {
      kind: "git";
      /** Below the repository: `/info/refs`, `/git-upload-pack`, … */ gitPath: string;
      push: boolean;
    }
  | { kind: "home" }
  | { kind: "compare"; base: string; head: string }
  /** `_edit/<branch>/<path>` and `_new/<branch>/<dir>`: where the branch ends is found later. */
  | { kind: "edit" | "new"; rest: string[] }
  | { kind: "bad-request" }
  | { kind: "not-found" };

const GIT_PATH =
  /^\/(info\/refs|HEAD|git-upload-pack|git-receive-pack|objects\/[0-9a-f/]+|objects\/info\/[a-z-]+)$/;

function decodeSegments(path: string): string[] | null {
  try {
    return path.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

export function forgeRoute(url: URL, owner: string, repo: string): ForgeRoute {
  const prefix = `/${owner}/${repo}`;
  const path = url.pathname;
  for (const base of [`${prefix}.git`, prefix]) {
    if (!path.startsWith(`${base}/`)) continue;
    const gitPath = path.slice(base.length);
    if (GIT_PATH.test(gitPath)) {
      const push =
        gitPath === "/git-receive-pack" ||
        (gitPath === "/info/refs" && url.searchParams.get("service") === "git-receive-pack");
      return { kind: "git", gitPath, push };
    }
  }
  if (path === prefix || path === `${prefix}/`) return { kind: "home" };
  if (!path.startsWith(`${prefix}/`)) return { kind: "not-found" };
  const segments = decodeSegments(path.slice(prefix.length + 1));
  if (!segments) return { kind: "bad-request" };
  const [page, ...rest] = segments;
  if (page === "compare") {
    const range = rest.join("/");
    const dots = range.indexOf("...");
    if (dots <= 0) return { kind: "bad-request" };
    return { kind: "compare", base: range.slice(0, dots), head: range.slice(dots + 3) };
  }
  if (page === "_edit" || page === "_new") {
    return { kind: page === "_edit" ? "edit" : "new", rest: rest.filter((segment) => segment !== "") };
  }
  return { kind: "not-found" };
}

/** Splits `<branch>/<path>` where the branch may itself hold slashes: the longest known branch wins. */
export function splitBranch(
  rest: readonly string[],
  branches: readonly string[],
): { branch: string; path: string } | null {
  const candidates = [...branches].sort((a, b) => b.length - a.length);
  const joined = rest.join("/");
  for (const branch of candidates) {
    if (joined === branch) return { branch, path: "" };
    if (joined.startsWith(`${branch}/`)) return { branch, path: joined.slice(branch.length + 1) };
  }
  return null;
}
