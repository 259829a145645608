import type { Conventions } from "@/lib/conventions/conventions";
import { branchName } from "./branch-name";
import type { GitOpsChange } from "./change";
import { editorLinks, type ManualProposal } from "./pr-link";
import { pullRequestBody, pullRequestTitle, type DropSample, type PullRequestProof } from "./pr-text";
import type { FilePatch, ProvenPatch } from "./prove-patch";
import type { Repository } from "./repository-url";

// A decided fix as a pull request: the patched files with their diffs (proven by rendering), the
// branch it would go on, the title and body, and the editor links for users without a token.

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
  /** What rendering the repository before and after shows: the change, and nothing else. */
  renderProof: string[];
  renderer: string;
  /** Parts of the change the repository already has (the cluster drifted from git). */
  alreadyInRepository: string[];
}

export interface FixPullRequestInput {
  repository: Repository;
  baseBranch: string;
  changes: readonly GitOpsChange[];
  patch: ProvenPatch;
  samples: readonly DropSample[];
  proof: PullRequestProof;
  enforcementDisabled: readonly string[];
  /** Of those, namespaces whose enforcement label was set by hand (kubectl), not by the GitOps tool. */
  enforcementSetByHand?: readonly string[];
  /** The change fixes what re-enabling enforcement would drop. */
  reenable?: boolean;
  conventions: Conventions;
}

export function fixPullRequest(input: FixPullRequestInput): FixPullRequest {
  const applied = input.patch;
  const title = pullRequestTitle(input.changes, input.conventions);
  const body = pullRequestBody(
    {
      changes: input.changes,
      samples: input.samples,
      proof: input.proof,
      enforcementDisabled: input.enforcementDisabled,
      enforcementSetByHand: input.enforcementSetByHand,
      reenable: input.reenable,
      files: applied.files.map((f) => ({ path: f.path, kind: f.kind })),
      render: { lines: applied.renderProof, renderer: applied.renderer },
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
    files: applied.files,
    patch: applied.files.map((f) => f.diff).join(""),
    branch: branchName(input.changes),
    title,
    body,
    editor: editor.ok ? editor.value : null,
    editorError: editor.ok ? null : editor.error,
    renderProof: applied.renderProof,
    renderer: applied.renderer,
    alreadyInRepository: applied.alreadyInRepository,
  };
}
