import { parseDuration } from "@/lib/config/duration";
import { MAX_GRAPH_WINDOW_MS, MIN_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";

// Request parameters shared by the flow endpoints. Invalid values are errors (400), not defaults:
// an API caller should learn that its query was wrong.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWindowParam(text: string | null, fallbackMs: number): Parsed<number> {
  if (text === null || text === "") return { ok: true, value: fallbackMs };
  const ms = parseDuration(text);
  if (ms === null || ms < MIN_GRAPH_WINDOW_MS || ms > MAX_GRAPH_WINDOW_MS) {
    return {
      ok: false,
      error: `window: "${text.slice(0, 40)}" must be a duration between 1m and 1h, e.g. 5m`,
    };
  }
  return { ok: true, value: ms };
}
