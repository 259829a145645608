import { parseFixScope } from "@/lib/api/fix-scope";
import { parseWindowParam } from "@/lib/api/query-params";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { computeFix } from "@/server/fix-service";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Why the drops of an edge or a drop group happen, and the smallest fix with its proof and PR. */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const scope = parseFixScope(params);
  if (!scope.ok) return Response.json({ error: scope.error }, { status: 400 });
  const window = parseWindowParam(params.get("window"), DEFAULT_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const result = await computeFix(getRuntime(), scope.scope, window.value, Date.now());
  return result.ok
    ? Response.json(result.value)
    : Response.json({ error: result.error }, { status: result.status });
}
