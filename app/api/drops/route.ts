import type { DropsResponse } from "@/lib/api/responses";
import { windowQuery } from "@/lib/api/query-params";
import { groupDrops } from "@/lib/drops/drop-groups";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";

export const dynamic = "force-dynamic";

/** Dropped flows in the window, classified and grouped by namespace and class: ?window=15m. */
export const GET = apiRoute({ query: windowQuery }, ({ query, runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const { facts, evaluation } = getClusterView(runtime, now);
  const drops = runtime.recentDrops.since(now - query.window);
  // Each group's fix is worded from the proposal its Fix panel shows (same drops, same window).
  const answers = dropAnswers(drops, facts, evaluation);
  const body: DropsResponse = {
    now,
    windowMs: query.window,
    groups: groupDrops(drops, answers.classify, { answer: answers.answer }),
  };
  return body;
});
