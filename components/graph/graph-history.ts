import { serializeGraphViewState, type GraphViewState } from "@/lib/graph/graph-url-state";

// Each change of selection or filters is a step of the browser's history: the view's whole state
// is in its address, so Back and Forward walk through what the person looked at.

export function graphViewHref(pathname: string, state: GraphViewState): string {
  const query = serializeGraphViewState(state);
  return query ? `${pathname}?${query}` : pathname;
}

/** The address to push for a change from `current` to `next`; null when nothing would change. */
export function historyStep(pathname: string, current: GraphViewState, next: GraphViewState): string | null {
  const href = graphViewHref(pathname, next);
  return href === graphViewHref(pathname, current) ? null : href;
}
