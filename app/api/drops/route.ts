import type { DropsResponse } from "@/lib/api/responses";
import { dropsQuery } from "@/lib/api/query-params";
import { dropsFilterSelects } from "@/lib/drops/drops-filter";
import { groupDrops } from "@/lib/drops/drop-groups";
import { dropAnswers } from "@/lib/fixes/drop-answers";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";

export const dynamic = "force-dynamic";

/**
 * Dropped flows in the window, classified and grouped by namespace and class: ?window=15m, narrowed
 * by ?namespace=mealie&port=5432 (lib/drops/drops-filter).
 */
export const GET = apiRoute({ query: dropsQuery }, ({ query, runtime: getRuntime, now }) => {
  const runtime = getRuntime();
  const { facts, evaluation } = getClusterView(runtime, now);
  const drops = runtime.recentDrops.since(now - query.window);
  // Each group's fix is worded from the proposal its Fix panel shows (same drops, same window): the
  // filter narrows what is listed, not what a fix is proven against.
  const answers = dropAnswers(drops, facts, evaluation, query.window);
  const shown = drops.filter((drop) => dropsFilterSelects(query.filter, drop));
  const body: DropsResponse = {
    now,
    windowMs: query.window,
    groups: groupDrops(shown, answers.classify, { answer: answers.answer }),
  };
  return body;
});
