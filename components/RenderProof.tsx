import type { FixPullRequest } from "@/lib/gitops/fix-pull-request";

/** What rendering the repository before and after the patch shows: the change, and nothing else. */
export function RenderProof({ pullRequest }: { pullRequest: FixPullRequest }) {
  return (
    <div data-testid="render-proof" className="rounded border border-emerald-200 bg-emerald-50 p-2 text-xs">
      <p className="font-medium text-emerald-900">Rendered before and after ({pullRequest.renderer})</p>
      <ul className="list-disc pl-5 text-emerald-950">
        {pullRequest.renderProof.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {pullRequest.alreadyInRepository.length > 0 && (
        <p className="mt-1 text-slate-700">
          Already in the repository (the cluster differs from git):{" "}
          {pullRequest.alreadyInRepository.join("; ")}
        </p>
      )}
    </div>
  );
}
