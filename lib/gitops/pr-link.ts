// Links that open the provider's own pages with Sieve's change prefilled, for users who have not
// given Sieve a token: the web editor on the right file (edits), the new-file form with name and
// content (new files), and — once a branch is pushed — the new pull/merge request form with title
// and description. Query parameter names as the providers document or implement them:
//   GitHub  new file  /new/<branch>/<dir>?filename=&value=     PR  /compare/<base>...<head>?expand=1&title=&body=
//   GitLab  new file  /-/new/<branch>/<dir>?file_name=&content=  MR  /-/merge_requests/new?merge_request[…]=
//   Gitea   new file  /_new/<branch>/<dir>?filename=&value=    PR  /compare/<base>...<head>?expand=1&title=&body=
// No provider prefills the editor of an existing file, so edits come with the patched content to paste.

import { isSafeBranchName } from "./branch-name";
import { oneLine } from "./one-line";
import { isSafeRepoPath } from "./repo-paths";
import type { GitProvider, Repository } from "./repository-url";

/** Browsers and providers accept longer URLs, but proxies and GitHub's 414 start around here. */
export const MAX_URL_LENGTH = 8000;

export const TRUNCATION_NOTE =
  "\n\n…\n\n_(Shortened to fit in a link: copy the full description from Sieve.)_";

export interface PullRequestText {
  title: string;
  body: string;
}

export interface ProposedFile {
  path: string;
  /** Null for a new file. */
  before: string | null;
  after: string;
}

export interface EditorLink {
  path: string;
  kind: "create" | "edit";
  url: string;
  /** True when the page opens with the new content already in place. */
  prefilled: boolean;
  /** What the user still has to do on that page. */
  note: string;
}

export interface ManualProposal {
  links: EditorLink[];
  /** To paste into the pull request form after committing to a new branch. */
  title: string;
  body: string;
}

export interface PullRequestLink {
  url: string;
  title: string;
  /** The description as it travels in the URL (maybe shortened). */
  body: string;
  bodyTruncated: boolean;
  /** The provider's caveat about prefilling, when there is one. */
  note: string | null;
}

export type LinkResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LinkOptions {
  maxUrlLength?: number;
}

const PROVIDER_NAMES: Record<GitProvider, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  gitea: "Gitea/Forgejo",
};

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function query(params: Array<[string, string]>): string {
  return params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
}

function editUrl(repo: Repository, branch: string, path: string): string {
  const segment = { github: "edit", gitlab: "-/edit", gitea: "_edit" }[repo.provider];
  return `${repo.webUrl}/${segment}/${encodePath(branch)}/${encodePath(path)}`;
}

function newFileUrl(repo: Repository, branch: string, path: string, content: string | null): string {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) : "";
  const name = path.slice(slash + 1);
  const segment = { github: "new", gitlab: "-/new", gitea: "_new" }[repo.provider];
  const [nameKey, contentKey] = repo.provider === "gitlab" ? ["file_name", "content"] : ["filename", "value"];
  const params: Array<[string, string]> = [[nameKey, name]];
  if (content !== null) params.push([contentKey, content]);
  return `${repo.webUrl}/${segment}/${encodePath(branch)}${dir ? `/${encodePath(dir)}` : ""}?${query(params)}`;
}

/** Editor links for each file, plus the PR text to paste; no token needed. */
export function editorLinks(
  repo: Repository,
  baseBranch: string,
  files: readonly ProposedFile[],
  text: PullRequestText,
  options: LinkOptions = {},
): LinkResult<ManualProposal> {
  if (!isSafeBranchName(baseBranch)) return { ok: false, error: `"${baseBranch}" is not a safe branch name` };
  const max = options.maxUrlLength ?? MAX_URL_LENGTH;
  const provider = PROVIDER_NAMES[repo.provider];
  const links: EditorLink[] = [];
  for (const file of files) {
    if (!isSafeRepoPath(file.path))
      return { ok: false, error: `"${file.path}" is not a safe repository path` };
    if (file.before !== null) {
      links.push({
        path: file.path,
        kind: "edit",
        url: editUrl(repo, baseBranch, file.path),
        prefilled: false,
        note: `${provider}'s editor cannot be prefilled: replace the file's content with the patched version (or apply the diff), then commit to a new branch and open a pull request.`,
      });
      continue;
    }
    const full = newFileUrl(repo, baseBranch, file.path, file.after);
    const fits = full.length <= max;
    links.push({
      path: file.path,
      kind: "create",
      url: fits ? full : newFileUrl(repo, baseBranch, file.path, null),
      prefilled: fits,
      note: fits
        ? "Check the prefilled file, then commit it to a new branch and open a pull request."
        : "The file is too long for a link: paste its content, then commit to a new branch and open a pull request.",
    });
  }
  return { ok: true, value: { links, title: text.title, body: text.body } };
}

function pullRequestUrl(repo: Repository, base: string, head: string, title: string, body: string): string {
  if (repo.provider === "gitlab") {
    return `${repo.webUrl}/-/merge_requests/new?${query([
      ["merge_request[source_branch]", head],
      ["merge_request[target_branch]", base],
      ["merge_request[title]", title],
      ["merge_request[description]", body],
    ])}`;
  }
  const range = `${encodePath(base)}...${encodePath(head)}`;
  return `${repo.webUrl}/compare/${range}?${query([
    ["expand", "1"],
    ["title", title],
    ["body", body],
  ])}`;
}

/** Cuts `body` (never the title) until the URL fits, at a line end when one is near. */
function fitBody(
  build: (body: string) => string,
  body: string,
  max: number,
): { body: string; truncated: boolean } {
  if (build(body).length <= max) return { body, truncated: false };
  const chars = Array.from(body);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (build(chars.slice(0, mid).join("") + TRUNCATION_NOTE).length <= max) low = mid;
    else high = mid - 1;
  }
  let kept = chars.slice(0, low).join("");
  const lineEnd = kept.lastIndexOf("\n");
  if (lineEnd > kept.length * 0.8) kept = kept.slice(0, lineEnd);
  return { body: (kept + TRUNCATION_NOTE).replace(/^\n+/, ""), truncated: true };
}

/** The new pull (merge) request page for a pushed branch, title and description prefilled. */
export function pullRequestLink(
  repo: Repository,
  baseBranch: string,
  headBranch: string,
  text: PullRequestText,
  options: LinkOptions = {},
): LinkResult<PullRequestLink> {
  for (const branch of [baseBranch, headBranch]) {
    if (!isSafeBranchName(branch)) return { ok: false, error: `"${branch}" is not a safe branch name` };
  }
  const title = oneLine(text.title).trim();
  const build = (body: string) => pullRequestUrl(repo, baseBranch, headBranch, title, body);
  const fitted = fitBody(build, text.body, options.maxUrlLength ?? MAX_URL_LENGTH);
  const note =
    repo.provider === "gitea"
      ? "Gitea 1.24 and later prefill the title and description; older Gitea and Forgejo may not, so paste them."
      : null;
  return {
    ok: true,
    value: { url: build(fitted.body), title, body: fitted.body, bodyTruncated: fitted.truncated, note },
  };
}
