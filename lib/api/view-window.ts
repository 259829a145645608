import { formatDuration, parseDuration } from "@/lib/config/duration";
import { parseWindowParam } from "./query-params";

// The one window every view counts over travels in the address, so it is kept when moving between
// views: ?window=15m on the graph, /drops and the namespace pages, ?since=15m on /flows, where the
// parameters are hubble observe's flags. Without one, a view uses the configured default.

export const FLOWS_VIEW_PATH = "/flows";

/** The parameter that names the window on a view: `since` on /flows, `window` elsewhere. */
export function windowParamName(pathname: string): "since" | "window" {
  return pathname === FLOWS_VIEW_PATH ? "since" : "window";
}

export interface ViewWindow {
  windowMs: number;
  /** The address names the window (otherwise it is the configured default). */
  named: boolean;
  /** Why the address's value was not used; null when it was, or when there is none. */
  problem: string | null;
}

/** The window a view's address chooses, or the default when it names none it can use. */
export function viewWindowOf(pathname: string, params: URLSearchParams, defaultWindowMs: number): ViewWindow {
  const name = windowParamName(pathname);
  const text = params.get(name);
  if (text === null || text === "") return { windowMs: defaultWindowMs, named: false, problem: null };
  // /flows also takes a point in time as --since: that is no window to carry elsewhere.
  if (name === "since" && parseDuration(text) === null)
    return { windowMs: defaultWindowMs, named: false, problem: null };
  const parsed = parseWindowParam(text, defaultWindowMs);
  return parsed.ok
    ? { windowMs: parsed.value, named: true, problem: null }
    : { windowMs: defaultWindowMs, named: false, problem: parsed.error };
}

/** The address of the view at `path` looking through `windowMs`; the default is left out. */
export function viewHref(path: string, windowMs: number, defaultWindowMs: number): string {
  if (windowMs === defaultWindowMs) return path;
  const separator = path.includes("?") ? "&" : "?";
  return `${path}${separator}${windowParamName(path.split("?")[0]!)}=${formatDuration(windowMs)}`;
}
