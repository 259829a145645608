import "server-only";
import type { WhatIfResponse } from "@/lib/api/responses";
import { whatIf } from "@/lib/what-if/what-if";
import { conventionsFor, getClusterView } from "./cluster-view";
import type { ServiceResult } from "./fix-service";
import type { SieveRuntime } from "./runtime";

// What a branch of the GitOps repository would do to the observed traffic: the base branch and the
// branch are read and rendered as Flux would, and lib/what-if judges the flows under both.

const NOT_CONFIGURED =
  "no GitOps repository is configured: set SIEVE_GITOPS_REPO (and SIEVE_GITOPS_BRANCH) to ask what a branch would do";

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** `ref` is a full ref name checked by lib/gitops/git-ref. */
export async function computeWhatIf(
  runtime: SieveRuntime,
  ref: string,
  windowMs: number,
  now: number,
): Promise<ServiceResult<WhatIfResponse>> {
  const source = runtime.gitops;
  if (!source?.readRepositoryAt) return { ok: false, status: 409, error: NOT_CONFIGURED };
  let read;
  let baseRender;
  let branchRender;
  try {
    const [baseFiles, branch] = await Promise.all([source.readRepository(), source.readRepositoryAt(ref)]);
    if (!branch) return { ok: false, status: 404, error: `the repository has no ref ${ref}` };
    read = branch;
    [baseRender, branchRender] = await Promise.all([
      runtime.repositoryRenders.baseRender(baseFiles),
      runtime.repositoryRenders.render(branch.files),
    ]);
  } catch (error) {
    return { ok: false, status: 502, error: `could not read or render the repository: ${firstLine(error)}` };
  }
  const view = getClusterView(runtime, now);
  const report = whatIf({
    cluster: view.objects,
    baseRender,
    branchRender,
    flows: runtime.recentFlows.since(now - windowMs),
    conventionsOf: (objects) =>
      conventionsFor(runtime, objects, objects === view.objects ? baseRender : branchRender),
    now,
    cni: runtime.config.preview ? "preview" : "cluster",
  });
  return {
    ok: true,
    value: {
      now,
      ref,
      commit: read.commit,
      baseBranch: source.baseBranch,
      windowMs,
      renderer: branchRender.renderer,
      report,
    },
  };
}
