import { formatDuration, parseDuration } from "@/lib/config/duration";

// The time window every view (graph, drops, namespace pages, flows) and API route counts flows
// over: one parser for ?window= and SIEVE_FLOW_WINDOW alike.

export const MIN_GRAPH_WINDOW_MS = 60_000;
export const MAX_GRAPH_WINDOW_MS = 60 * 60_000;
/** The window when neither the URL nor SIEVE_FLOW_WINDOW names one. */
export const DEFAULT_GRAPH_WINDOW_MS = 5 * 60_000;

/** Windows the UI offers; any whole-second window between the bounds is accepted as well. */
export const GRAPH_WINDOW_PRESETS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  30 * 60_000,
  60 * 60_000,
];

/** The windows a view offers: the presets and the one it shows (a configured or typed-in window). */
export function windowChoices(currentMs: number): number[] {
  return [...new Set([...GRAPH_WINDOW_PRESETS_MS, currentMs])].sort((a, b) => a - b);
}

export function clampGraphWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs)) return DEFAULT_GRAPH_WINDOW_MS;
  return Math.min(MAX_GRAPH_WINDOW_MS, Math.max(MIN_GRAPH_WINDOW_MS, Math.round(windowMs)));
}

/**
 * A window as URLs write it ("15m"), for every view and route that takes one: its milliseconds, or
 * what is wrong with it.
 */
export function parseGraphWindow(text: string): { ok: true; ms: number } | { ok: false; problem: string } {
  const ms = parseDuration(text);
  if (ms === null) return { ok: false, problem: "not a duration such as 5m or 1h" };
  if (ms < MIN_GRAPH_WINDOW_MS || ms > MAX_GRAPH_WINDOW_MS)
    return {
      ok: false,
      problem: `outside ${formatDuration(MIN_GRAPH_WINDOW_MS)}..${formatDuration(MAX_GRAPH_WINDOW_MS)}`,
    };
  return { ok: true, ms };
}
