import type { DropsResponse } from "@/lib/api/responses";
import { parseWindowParam } from "@/lib/api/query-params";
import { groupDrops } from "@/lib/drops/drop-groups";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { getClusterView } from "@/server/cluster-view";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Dropped flows in the window, classified and grouped by namespace and class: ?window=15m. */
export function GET(request: Request) {
  const window = parseWindowParam(new URL(request.url).searchParams.get("window"), DEFAULT_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const runtime = getRuntime();
  const now = Date.now();
  const { facts, evaluation } = getClusterView(runtime, now);
  const drops = runtime.recentDrops.since(now - window.value);
  // Each group's fix is worded from the proposal its Fix panel shows (same drops, same window).
  const answers = dropAnswers(drops, facts, evaluation);
  const body: DropsResponse = {
    now,
    windowMs: window.value,
    groups: groupDrops(drops, answers.classify, { answer: answers.answer }),
  };
  return Response.json(body);
}
