"use client";

import type { FixGitOpsView, FixScope } from "@/lib/api/responses";
import { useOpenPullRequest } from "./data/use-fix";

function downloadPatch(patch: string, branch: string) {
  const url = URL.createObjectURL(new Blob([patch], { type: "text/x-diff" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${branch.replace(/[^A-Za-z0-9._-]+/g, "-")}.patch`;
  link.click();
  URL.revokeObjectURL(url);
}

/** Open the pull request (with the server's token), or the editor links, title and body to copy. */
export function PullRequestActions({
  gitops,
  scope,
  windowMs,
}: {
  gitops: FixGitOpsView;
  scope: FixScope;
  windowMs: number;
}) {
  const open = useOpenPullRequest(scope, windowMs);
  const pr = gitops.pullRequest;
  if (!pr) return null;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="pull-request-actions">
      <div className="flex flex-wrap items-center gap-2">
        {gitops.canPush && (
          <button
            type="button"
            onClick={() => open.mutate()}
            disabled={open.isPending}
            className="rounded bg-emerald-700 px-3 py-1 font-medium text-white disabled:opacity-50"
          >
            {open.isPending ? "Pushing the branch…" : "Open pull request"}
          </button>
        )}
        <button
          type="button"
          onClick={() => downloadPatch(pr.patch, pr.branch)}
          className="rounded border px-3 py-1"
        >
          Download patch
        </button>
        <span className="text-xs text-slate-500">
          branch <code>{pr.branch}</code> from <code>{gitops.baseBranch}</code> of {gitops.repository}
        </span>
      </div>
      {open.isError && (
        <p role="alert" className="text-red-700">
          Could not open the pull request: {open.error.message}
        </p>
      )}
      {open.data && (
        <p role="status" className="text-emerald-800">
          Branch pushed ({open.data.commit.slice(0, 8)}).{" "}
          <a
            href={open.data.url}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-blue-700 underline"
            data-testid="pull-request-link"
          >
            Open the prefilled pull request
          </a>
          {open.data.note && <span className="block text-xs text-slate-600">{open.data.note}</span>}
        </p>
      )}
      {pr.editor && (
        <details className="text-xs" open={!gitops.canPush}>
          <summary className="cursor-pointer text-slate-600">Without a token: edit in the browser</summary>
          <ul className="mt-1 flex flex-col gap-1">
            {pr.editor.links.map((link) => (
              <li key={link.path}>
                <a
                  href={link.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-blue-700 underline"
                  data-testid="editor-link"
                >
                  {link.kind === "create" ? "Create" : "Edit"} {link.path}
                </a>{" "}
                <span className="text-slate-500">{link.note}</span>
              </li>
            ))}
          </ul>
          <PullRequestText label="Pull request title" text={pr.title} rows={1} className="mt-2" />
          <PullRequestText label="Pull request description" text={pr.body} rows={8} />
        </details>
      )}
      {gitops.error === null && pr.editor === null && pr.editorError && (
        <p className="text-xs text-amber-800">{pr.editorError}</p>
      )}
    </div>
  );
}

/** A text to copy into the forge's form by hand, under its name. */
function PullRequestText({
  label,
  text,
  rows,
  className = "",
}: {
  label: string;
  text: string;
  rows: number;
  className?: string;
}) {
  return (
    <>
      <p className={`${className} font-medium`}>{label}</p>
      <textarea
        readOnly
        value={text}
        rows={rows}
        className="w-full rounded border p-1 font-mono"
        aria-label={label}
      />
    </>
  );
}
