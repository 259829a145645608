import type { Conventions } from "@/lib/conventions/conventions";
import { applyChanges, type FilePatch } from "./apply-changes";
import { branchName } from "./branch-name";
import type { GitOpsChange } from "./change";
import { editorLinks, type ManualProposal } from "./pr-link";
import { pullRequestBody, pullRequestTitle, type DropSample, type FixProof } from "./pr-text";
import type { GitOpsPaths } from "./repo-paths";
import type { Repository } from "./repository-url";

// A decided fix as a pull request: the patched files with their diffs, the branch it would go
// on, the title and body, and the editor links for users without a token. Pure: the caller
// loads the repository's files.

export interface FixPullRequest {
  files: FilePatch[];
  /** Every file's diff, one after the other: the patch to download and `git apply`. */
  patch: string;
  branch: string;
  title: string;
  body: string;
  /** Links to the provider's editor (no token needed); null when they could not be built. */
  editor: ManualProposal | null;
  editorError: string | null;
}

export interface FixPullRequestInput {
  repository: Repository;
  baseBranch: string;
  paths: GitOpsPaths;
  changes: readonly GitOpsChange[];
  /** path → current text at the base branch; null for a file that does not exist. */
  files: ReadonlyMap<string, string | null>;
  samples: readonly DropSample[];
  proof: FixProof;
  enforcementDisabled: readonly string[];
  conventions: Conventions;
}

export function fixPullRequest(
  input: FixPullRequestInput,
): { ok: true; value: FixPullRequest } | { ok: false; error: string } {
  const applied = applyChanges(input.changes, input.files, {
    paths: input.paths,
    conventions: input.conventions,
  });
  if (!applied.ok) return applied;
  const title = pullRequestTitle(input.changes, input.conventions);
  const body = pullRequestBody(
    {
      changes: input.changes,
      samples: input.samples,
      proof: input.proof,
      enforcementDisabled: input.enforcementDisabled,
      files: applied.files.map((f) => ({ path: f.path, kind: f.kind })),
    },
    input.conventions,
  );
  const editor = editorLinks(
    input.repository,
    input.baseBranch,
    applied.files.map((f) => ({ path: f.path, before: f.before, after: f.after })),
    { title, body },
  );
  return {
    ok: true,
    value: {
      files: applied.files,
      patch: applied.files.map((f) => f.diff).join(""),
      branch: branchName(input.changes),
      title,
      body,
      editor: editor.ok ? editor.value : null,
      editorError: editor.ok ? null : editor.error,
    },
  };
}
