import { parseFixScope } from "@/lib/api/fix-scope";
import { parseWindowParam } from "@/lib/api/query-params";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { pushFix } from "@/server/fix-service";
import { getRuntime } from "@/server/runtime";
import { sameOriginProblem } from "@/server/same-origin";

export const dynamic = "force-dynamic";

/**
 * Pushes the fix's branch to the GitOps repository with the server's token and answers the link
 * to the prefilled pull request. Changes git, never the cluster.
 */
export async function POST(request: Request) {
  const refused = sameOriginProblem(request);
  if (refused) return Response.json({ error: refused }, { status: 403 });
  const params = new URL(request.url).searchParams;
  const scope = parseFixScope(params);
  if (!scope.ok) return Response.json({ error: scope.error }, { status: 400 });
  const window = parseWindowParam(params.get("window"), DEFAULT_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const result = await pushFix(getRuntime(), scope.scope, window.value, Date.now());
  return result.ok
    ? Response.json(result.value)
    : Response.json({ error: result.error }, { status: result.status });
}
