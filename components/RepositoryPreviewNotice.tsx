import type { PreviewView } from "@/lib/api/responses";

/** Says the page shows a repository, not a cluster, which tool rendered it and what it could not render. */
export function RepositoryPreviewNotice({ preview }: { preview: PreviewView }) {
  const failedBuilds = preview.problems.filter((problem) => problem.kind === "kustomize").length;
  return (
    <div
      role="status"
      data-testid="repository-preview"
      className="rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
    >
      <p className="font-medium">
        Repository preview{preview.folder ? ` of ${preview.folder}` : ""}: not a cluster, so there are no
        agents or flows; the policies are read as Cilium would enforce them.
      </p>
      <p>Rendered with {preview.renderer}.</p>
      {failedBuilds > 0 && (
        <p
          role="alert"
          data-testid="repository-preview-incomplete"
          className="font-medium text-amber-900 dark:text-amber-200"
        >
          {failedBuilds === 1 ? "One build" : `${failedBuilds} builds`} failed: their objects are missing from
          this preview, so a policy or namespace reported missing below may only be missing from the render.
        </p>
      )}
      {preview.problems.length > 0 && (
        <details>
          <summary>Not rendered ({preview.problems.length})</summary>
          <ul className="list-disc pl-5" data-testid="repository-preview-problems">
            {preview.problems.map((problem, index) => (
              <li key={index}>
                <span className="font-mono">{problem.file}</span>: {problem.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
