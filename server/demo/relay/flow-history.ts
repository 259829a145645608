import "server-only";
import type { StoredFlow } from "./flow-ring";
import type { GetFlowsPlan } from "./get-flows-request";

/** Whether the flow's time lies within the request's since/until bounds (both inclusive). */
export function withinTimeRange(stored: StoredFlow, plan: GetFlowsPlan): boolean {
  return (
    (plan.sinceNs === null || stored.timeNs >= plan.sinceNs) &&
    (plan.untilNs === null || stored.timeNs <= plan.untilNs)
  );
}

/**
 * The stored flows a GetFlows request gets before any live ones, oldest first, as Hubble picks
 * them: `since` starts the history at that time (and `number` then counts from there), `first`
 * counts from the oldest flow, otherwise `number` takes the latest ones. A follower asking for
 * neither `number` nor `since` gets no history; a follower's `number` only sets how far back to start.
 */
export function selectHistory(held: readonly StoredFlow[], plan: GetFlowsPlan): StoredFlow[] {
  if (plan.follow && plan.number === 0 && plan.sinceNs === null) return [];
  const matching = held.filter((stored) => withinTimeRange(stored, plan) && plan.selected(stored.flow));
  if (plan.number === 0 || plan.number >= matching.length) return matching;
  if (plan.follow) return plan.sinceNs !== null ? matching : matching.slice(-plan.number);
  return plan.first || plan.sinceNs !== null ? matching.slice(0, plan.number) : matching.slice(-plan.number);
}
