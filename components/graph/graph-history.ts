import { serializeGraphViewState, type GraphViewState } from "@/lib/graph/graph-url-state";

// Each change of selection or filters is a step of the browser's history: the view's whole state
// is in its address, so Back and Forward walk through what the person looked at.

/** `defaultWindowMs`: the window the address may leave out (SIEVE_FLOW_WINDOW). */
export function graphViewHref(pathname: string, state: GraphViewState, defaultWindowMs: number): string {
  const query = serializeGraphViewState(state, defaultWindowMs);
  return query ? `${pathname}?${query}` : pathname;
}

/** The address to push for a change from `current` to `next`; null when nothing would change. */
export function historyStep(
  pathname: string,
  current: GraphViewState,
  next: GraphViewState,
  defaultWindowMs: number,
): string | null {
  const href = graphViewHref(pathname, next, defaultWindowMs);
  return href === graphViewHref(pathname, current, defaultWindowMs) ? null : href;
}
