import type { WhatIfBranchesResponse } from "@/lib/api/responses";
import { getRuntime } from "@/server/runtime";
import { NOT_CONFIGURED } from "@/server/what-if-service";

export const dynamic = "force-dynamic";

/** The GitOps repository's branches, to pick one for what-if. */
export async function GET() {
  const source = getRuntime().gitops;
  if (!source?.listBranches) return Response.json({ error: NOT_CONFIGURED }, { status: 409 });
  try {
    const body: WhatIfBranchesResponse = {
      baseBranch: source.baseBranch,
      branches: await source.listBranches(),
    };
    return Response.json(body);
  } catch (error) {
    const line = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return Response.json({ error: `could not list the repository's branches: ${line}` }, { status: 502 });
  }
}
