import "server-only";
import type { WhatIfResponse } from "@/lib/api/responses";
import type { Conventions } from "@/lib/conventions/conventions";
import type { Flow } from "@/lib/flows/flow";
import type { CniMode } from "@/lib/posture/cni";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { whatIf } from "@/lib/what-if/what-if";
import { conventionsFor, getClusterView } from "./cluster-view";
import type { ServiceResult } from "@/lib/api/api-error";
import type { GitOpsSource } from "./gitops/gitops-source";
import type { RepositoryRenders } from "./gitops/repository-renders";
import type { SieveRuntime } from "./runtime";

// What a branch of the GitOps repository would do to the observed traffic: the base branch and the
// branch are read and rendered as Flux would, and lib/what-if judges the flows under both. The
// dashboard asks with its runtime; the what-if command with what it read once.

export interface WhatIfSources {
  gitops: GitOpsSource | null;
  renders: RepositoryRenders;
  cluster: ClusterObjects;
  /** The observed flows of the last `windowMs`. */
  flows: readonly Flow[];
  windowMs: number;
  conventionOverrides: Partial<Conventions>;
  cni: CniMode;
}

export const NOT_CONFIGURED =
  "no GitOps repository is configured: set SIEVE_GITOPS_REPO (and SIEVE_GITOPS_BRANCH) to ask what a branch would do";

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** `ref` is a full ref name checked by lib/gitops/git-ref. */
export async function whatIfOfRef(
  sources: WhatIfSources,
  ref: string,
  now: number,
): Promise<ServiceResult<WhatIfResponse>> {
  const source = sources.gitops;
  if (!source?.readRepositoryAt) return { ok: false, status: 409, error: NOT_CONFIGURED };
  let read;
  let baseRender;
  let branchRender;
  try {
    const [baseFiles, branch] = await Promise.all([source.readRepository(), source.readRepositoryAt(ref)]);
    if (!branch) return { ok: false, status: 404, error: `the repository has no ref ${ref}` };
    read = branch;
    [baseRender, branchRender] = await Promise.all([
      sources.renders.baseRender(baseFiles),
      sources.renders.otherRender(branch.files),
    ]);
  } catch (error) {
    return { ok: false, status: 502, error: `could not read or render the repository: ${firstLine(error)}` };
  }
  const report = whatIf({
    cluster: sources.cluster,
    baseRender,
    branchRender,
    flows: sources.flows,
    conventionsOf: (objects, render) => conventionsFor(sources.conventionOverrides, objects, render),
    now,
    cni: sources.cni,
  });
  return {
    ok: true,
    value: {
      now,
      ref,
      commit: read.commit,
      baseBranch: source.baseBranch,
      windowMs: sources.windowMs,
      renderer: branchRender.renderer,
      report,
    },
  };
}

/** The dashboard's what-if: its cluster cache, its recent flows, its repository renders. */
export function computeWhatIf(
  runtime: SieveRuntime,
  ref: string,
  windowMs: number,
  now: number,
): Promise<ServiceResult<WhatIfResponse>> {
  return whatIfOfRef(
    {
      gitops: runtime.gitops,
      renders: runtime.repositoryRenders,
      cluster: getClusterView(runtime, now).objects,
      flows: runtime.recentFlows.since(now - windowMs),
      windowMs,
      conventionOverrides: runtime.conventionOverrides,
      cni: runtime.config.preview ? "preview" : "cluster",
    },
    ref,
    now,
  );
}
