import { z } from "zod";
import { parseWindowParam } from "@/lib/api/query-params";
import { parseGitRef } from "@/lib/gitops/git-ref";
import { MAX_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { getRuntime } from "@/server/runtime";
import { computeWhatIf } from "@/server/what-if-service";

export const dynamic = "force-dynamic";

const Query = z.object({
  ref: z.string({ error: "ref: give a branch name or refs/pull/<number>/head" }),
  window: z.string().nullable(),
});

/** What a branch (or a pull request's head) of the GitOps repository would do to the observed flows. */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const query = Query.safeParse({ ref: params.get("ref") ?? undefined, window: params.get("window") });
  if (!query.success) return Response.json({ error: query.error.issues[0]!.message }, { status: 400 });
  const ref = parseGitRef(query.data.ref);
  if (!ref.ok) return Response.json({ error: ref.error }, { status: 400 });
  const window = parseWindowParam(query.data.window, MAX_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const result = await computeWhatIf(getRuntime(), ref.ref, window.value, Date.now());
  return result.ok
    ? Response.json(result.value)
    : Response.json({ error: result.error }, { status: result.status });
}
