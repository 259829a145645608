import "server-only";
import type { CommitLine } from "./forge-repository";

// The demo forge's HTML: small pages that show what a real forge would prefill from Sieve's links.
// Every value comes from a URL or the repository, so every value is escaped, and the pages are
// served with a Content-Security-Policy that allows no script at all.

export const FORGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageContext {
  /** `owner/repo` */
  repository: string;
  /** The repository's web URL. */
  webUrl: string;
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:10px 24px}
header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:1100px;margin:24px auto;padding:0 24px}
.note{background:#fff8c5;border:1px solid #d4a72c66;padding:8px 12px;border-radius:6px}
.box{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:12px 0}
.label{font-size:12px;text-transform:uppercase;color:#59636e;letter-spacing:.04em}
.title{font-size:20px;font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;margin:0;font:13px/1.45 ui-monospace,monospace}
.diff .add{background:#dafbe1}.diff .del{background:#ffebe9}.diff .hunk{color:#0969da}.diff .meta{font-weight:600}
code{font:13px ui-monospace,monospace;background:#eff1f3;padding:1px 4px;border-radius:4px}
ul{margin:4px 0;padding-left:20px}
`;

function page(ctx: PageContext, title: string, body: string): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} · ${escapeHtml(ctx.repository)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><a href="${escapeHtml(ctx.webUrl)}">${escapeHtml(ctx.repository)}</a> · Sieve demo forge</header>`,
    `<main>${body}</main></body></html>`,
  ].join("\n");
}

function field(label: string, html: string, extraClass = ""): string {
  return `<div class="box ${extraClass}"><div class="label">${escapeHtml(label)}</div>${html}</div>`;
}

function diffHtml(diff: string): string {
  if (diff.trim() === "") return "<pre>(no changes)</pre>";
  const lines = diff.replace(/\n$/, "").split("\n");
  const rendered = lines.map((line) => {
    const kind = /^(diff |index |--- |\+\+\+ |new file|deleted file)/.test(line)
      ? "meta"
      : line.startsWith("@@")
        ? "hunk"
        : line.startsWith("+")
          ? "add"
          : line.startsWith("-")
            ? "del"
            : "";
    return kind ? `<span class="${kind}">${escapeHtml(line)}</span>` : escapeHtml(line);
  });
  return `<pre class="diff">${rendered.join("\n")}</pre>`;
}

export interface ComparePage {
  base: string;
  head: string;
  title: string;
  body: string;
  commits: CommitLine[];
  diff: string;
}

export function comparePage(ctx: PageContext, view: ComparePage): string {
  const commits = view.commits
    .map(
      (c) =>
        `<li><code>${escapeHtml(c.commit.slice(0, 10))}</code> ${escapeHtml(c.subject)} — ${escapeHtml(c.author)}</li>`,
    )
    .join("");
  return page(
    ctx,
    `New pull request: ${view.title}`,
    [
      `<p class="note">A real forge would open its new-pull-request form here, prefilled as below. This demo forge only shows it.</p>`,
      `<p>Merge <code>${escapeHtml(view.head)}</code> into <code>${escapeHtml(view.base)}</code></p>`,
      field("Title", `<div class="title">${escapeHtml(view.title) || "<em>(empty)</em>"}</div>`),
      field("Description", `<pre>${escapeHtml(view.body)}</pre>`),
      field(`Commits (${view.commits.length})`, `<ul>${commits}</ul>`),
      field(`Changes: git diff ${view.base}...${view.head}`, diffHtml(view.diff)),
    ].join("\n"),
  );
}

export function editPage(ctx: PageContext, view: { branch: string; path: string; content: string }): string {
  return page(
    ctx,
    `Edit ${view.path}`,
    [
      `<p class="note">A real forge would open its editor on this file. Paste the patched content Sieve shows, commit it to a new branch and open a pull request.</p>`,
      `<p>Editing <code>${escapeHtml(view.path)}</code> on <code>${escapeHtml(view.branch)}</code></p>`,
      field("Current content", `<pre>${escapeHtml(view.content)}</pre>`),
    ].join("\n"),
  );
}

export function newFilePage(
  ctx: PageContext,
  view: { branch: string; dir: string; fileName: string; content: string; exists: boolean },
): string {
  const target = view.dir ? `${view.dir}/${view.fileName}` : view.fileName;
  return page(
    ctx,
    `New file ${target}`,
    [
      `<p class="note">A real forge would open its new-file form here, prefilled as below.</p>`,
      `<p>New file in <code>${escapeHtml(view.dir || "/")}</code> on <code>${escapeHtml(view.branch)}</code></p>`,
      view.exists
        ? `<p class="note">${escapeHtml(target)} already exists on ${escapeHtml(view.branch)}.</p>`
        : "",
      field("File name", `<div class="title">${escapeHtml(view.fileName) || "<em>(empty)</em>"}</div>`),
      field("Content", `<pre>${escapeHtml(view.content)}</pre>`),
    ].join("\n"),
  );
}

export function homePage(
  ctx: PageContext,
  view: { cloneUrl: string; baseBranch: string; branches: string[]; files: string[] },
): string {
  const others = view.branches.filter((branch) => branch !== view.baseBranch);
  const compare = (branch: string) =>
    `${ctx.webUrl}/compare/${encodeURIComponent(view.baseBranch)}...${branch.split("/").map(encodeURIComponent).join("/")}`;
  const branchList = others.length
    ? `<ul>${others.map((b) => `<li><a href="${escapeHtml(compare(b))}">${escapeHtml(b)}</a></li>`).join("")}</ul>`
    : "<p>No other branches yet: branches Sieve pushes appear here.</p>";
  return page(
    ctx,
    ctx.repository,
    [
      `<p>Clone: <code>git clone ${escapeHtml(view.cloneUrl)}</code></p>`,
      field(`Branches besides ${view.baseBranch}`, branchList),
      field(
        `Files on ${view.baseBranch}`,
        `<ul>${view.files.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join("")}</ul>`,
      ),
    ].join("\n"),
  );
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
  return page(ctx, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
