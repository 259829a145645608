import { ApiError } from "@/lib/api/api-error";
import type { WhatIfBranchesResponse } from "@/lib/api/responses";
import { apiRoute } from "@/server/api-route";
import { NOT_CONFIGURED } from "@/server/what-if-service";

export const dynamic = "force-dynamic";

/** The GitOps repository's branches, to pick one for what-if. */
export const GET = apiRoute({}, async ({ runtime }) => {
  const source = runtime().gitops;
  if (!source?.listBranches) throw new ApiError("conflict", NOT_CONFIGURED);
  try {
    const body: WhatIfBranchesResponse = {
      baseBranch: source.baseBranch,
      branches: await source.listBranches(),
    };
    return body;
  } catch (error) {
    const line = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new ApiError("bad_gateway", `could not list the repository's branches: ${line}`);
  }
});
