import "server-only";
import type { ReenableAudit } from "@/lib/api/responses";
import { wouldBeDrops, type WouldBeDrops } from "@/lib/evaluator/would-be-drops";
import type { Flow } from "@/lib/flows/flow";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { REENABLE_WINDOW_MS, reenableVerdict, type ReenableVerdict } from "@/lib/posture/reenable-verdict";
import type { ClusterView } from "./cluster-view";
import type { SieveRuntime } from "./runtime";

// The virtual audit of namespaces whose escape hatch is open, over the bounded ring of recent flows:
// cheap enough for every posture request.

/**
 * Since when the ring holds every flow the relay sent: the window's start, or later — the oldest
 * flow once the ring has pushed flows out, else the server's start or the oldest flow the relay
 * replayed from before it.
 */
function observedSince(runtime: SieveRuntime, from: number): number {
  const { recentFlows } = runtime;
  const oldest = recentFlows.oldest()?.time;
  const since = recentFlows.full
    ? (oldest ?? from)
    : Math.min(runtime.startedAt, oldest ?? runtime.startedAt);
  return Math.max(from, since);
}

export function disabledNamespaces(view: ClusterView): string[] {
  return view.posture.namespaces.filter((ns) => ns.enforcement.state === "disabled").map((ns) => ns.name);
}

/** The audit of one namespace (whatever its enforcement), with the verdict and the flows it rests on. */
export function auditNamespace(
  runtime: SieveRuntime,
  view: ClusterView,
  namespace: string,
  now: number,
): { audit: WouldBeDrops; verdict: ReenableVerdict; observed: Flow[] } {
  const since = observedSince(runtime, now - REENABLE_WINDOW_MS);
  const observed = runtime.recentFlows.since(since);
  const audit = wouldBeDrops(namespace, observed, view.evaluation);
  return { audit, verdict: reenableVerdict(audit, since, now), observed };
}

/** The namespace page's view of the audit; null when the namespace's enforcement is not disabled. */
export function reenableAuditOf(
  runtime: SieveRuntime,
  view: ClusterView,
  namespace: string,
  now: number,
): ReenableAudit | null {
  if (!disabledNamespaces(view).includes(namespace)) return null;
  const { audit, verdict } = auditNamespace(runtime, view, namespace, now);
  const listed = (causes: WouldBeDrops["causes"]) =>
    causes.map(({ newest, ...cause }) => ({ ...cause, lastSeen: newest.time }));
  return { verdict, causes: listed(audit.causes), deniedToday: listed(audit.deniedToday) };
}

/** Would-be drops of every open escape hatch since `from`, by graph edge id (for the graph). */
export function wouldDropByEdge(runtime: SieveRuntime, view: ClusterView, from: number): Map<string, number> {
  const window = runtime.recentFlows.since(from);
  const byEdge = new Map<string, number>();
  for (const namespace of disabledNamespaces(view)) {
    for (const flow of wouldBeDrops(namespace, window, view.evaluation).flows) {
      const id = flowEdgeId(flow);
      byEdge.set(id, (byEdge.get(id) ?? 0) + 1);
    }
  }
  return byEdge;
}

/** The verdict of every namespace whose escape hatch is open, by name, for the posture table. */
export function reenableVerdicts(
  runtime: SieveRuntime,
  view: ClusterView,
  now: number,
): Record<string, ReenableVerdict> {
  const flows = runtime.recentFlows;
  const since = observedSince(runtime, now - REENABLE_WINDOW_MS);
  const window = flows.since(since);
  const result: Record<string, ReenableVerdict> = {};
  for (const namespace of disabledNamespaces(view)) {
    result[namespace] = reenableVerdict(wouldBeDrops(namespace, window, view.evaluation), since, now);
  }
  return result;
}
