import { formatDuration } from "@/lib/config/duration";
import { VERDICTS, type Verdict } from "@/lib/flows/flow";
import { isNamespaceName } from "@/lib/gitops/k8s-names";
import { isEdgeId, isNodeId, namespaceNodeId } from "./graph-ids";
import type { GraphFilter } from "./graph-snapshot";
import { DEFAULT_GRAPH_WINDOW_MS, parseGraphWindow } from "./graph-window";

// The graph view's state in the URL, so a view can be shared: ?ns=a,b&verdict=DROPPED&window=15m&edge=…
// Anything that does not parse falls back to its default and is reported, never trusted.

export interface GraphSelection {
  kind: "node" | "edge";
  id: string;
}

export interface GraphViewState {
  /** Sorted, without duplicates. */
  namespaces: string[];
  /** In the order of VERDICTS, without duplicates. */
  verdicts: Verdict[];
  windowMs: number;
  selected: GraphSelection | null;
}

export interface UrlStateProblem {
  param: string;
  /** The offending value, shortened. */
  value: string;
  problem: string;
}

export const DEFAULT_GRAPH_VIEW_STATE: GraphViewState = {
  namespaces: [],
  verdicts: [],
  windowMs: DEFAULT_GRAPH_WINDOW_MS,
  selected: null,
};

export const MAX_URL_NAMESPACES = 50;
const MAX_PARAM_LENGTH = 4_000;
const SHOWN_VALUE_LENGTH = 60;

type SearchParamsLike = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

/** `defaultWindowMs`: the window when the URL names none (SIEVE_FLOW_WINDOW, shared by every view). */
export function parseGraphViewState(
  input: SearchParamsLike | string,
  defaultWindowMs: number,
): {
  state: GraphViewState;
  problems: UrlStateProblem[];
} {
  const params = toParams(input);
  const problems: UrlStateProblem[] = [];
  const report = (param: string, value: string, problem: string) =>
    problems.push({ param, value: shorten(value), problem });

  const namespaces = new Set<string>();
  for (const item of listValues(params, "ns", report)) {
    if (!isNamespaceName(item)) report("ns", item, "not a namespace name");
    else if (namespaces.size >= MAX_URL_NAMESPACES)
      report("ns", item, `more than ${MAX_URL_NAMESPACES} namespaces`);
    else namespaces.add(item);
  }

  const verdicts = new Set<Verdict>();
  for (const item of listValues(params, "verdict", report)) {
    const verdict = VERDICTS.find((v) => v === item.toUpperCase());
    if (verdict) verdicts.add(verdict);
    else report("verdict", item, `not a verdict (one of ${VERDICTS.join(", ")})`);
  }

  let windowMs = defaultWindowMs;
  const windowText = singleValue(params, "window", report);
  if (windowText !== null) {
    const parsed = parseGraphWindow(windowText);
    if (parsed.ok) windowMs = parsed.ms;
    else report("window", windowText, parsed.problem);
  }

  let selected: GraphSelection | null = null;
  const node = singleValue(params, "node", report);
  const edge = singleValue(params, "edge", report);
  if (node !== null && !isNodeId(node)) report("node", node, "not a graph node id");
  if (edge !== null && !isEdgeId(edge)) report("edge", edge, "not a graph edge id");
  if (edge !== null && isEdgeId(edge)) {
    selected = { kind: "edge", id: edge };
    if (node !== null) report("node", node, "ignored: an edge is selected");
  } else if (node !== null && isNodeId(node)) {
    selected = { kind: "node", id: node };
  }

  return {
    state: {
      namespaces: [...namespaces].sort(),
      verdicts: VERDICTS.filter((v) => verdicts.has(v)),
      windowMs,
      selected,
    },
    problems,
  };
}

/**
 * Query string without the leading "?"; defaults are left out so the plain view has a plain URL.
 * `defaultWindowMs` null: the window is always written (what the page asks the API).
 */
export function serializeGraphViewState(state: GraphViewState, defaultWindowMs: number | null): string {
  const params = new URLSearchParams();
  const namespaces = [...new Set(state.namespaces)].sort();
  if (namespaces.length > 0) params.set("ns", namespaces.join(","));
  const verdicts = VERDICTS.filter((v) => state.verdicts.includes(v));
  if (verdicts.length > 0) params.set("verdict", verdicts.join(","));
  if (state.windowMs !== defaultWindowMs) params.set("window", formatDuration(state.windowMs));
  if (state.selected) params.set(state.selected.kind, state.selected.id);
  return params.toString();
}

/** The graph showing one namespace with its node selected: where "on the graph" links go. */
export function namespaceGraphPath(namespace: string): string {
  return `/?ns=${encodeURIComponent(namespace)}&node=${encodeURIComponent(namespaceNodeId(namespace))}`;
}

/** What the page asks /api/graph for a view: its filters and window, always written; not the selection. */
export function graphApiQuery(state: GraphViewState): string {
  return serializeGraphViewState({ ...state, selected: null }, null);
}

export function graphFilterOf(state: GraphViewState): GraphFilter {
  return { namespaces: state.namespaces, verdicts: state.verdicts };
}

function toParams(input: SearchParamsLike | string): URLSearchParams {
  if (typeof input === "string") return new URLSearchParams(input.startsWith("?") ? input.slice(1) : input);
  if (input instanceof URLSearchParams) return input;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string") params.append(key, value);
    else if (value) for (const item of value) params.append(key, item);
  }
  return params;
}

type Report = (param: string, value: string, problem: string) => void;

/** Comma-separated lists; the parameter may also repeat. */
function listValues(params: URLSearchParams, name: string, report: Report): string[] {
  const items: string[] = [];
  for (const raw of params.getAll(name)) {
    if (raw.length > MAX_PARAM_LENGTH) {
      report(name, raw, "too long");
      continue;
    }
    for (const item of raw.split(",")) if (item.trim() !== "") items.push(item.trim());
  }
  return items;
}

function singleValue(params: URLSearchParams, name: string, report: Report): string | null {
  const values = params.getAll(name);
  if (values.length === 0) return null;
  if (values.length > 1) report(name, values.join(","), "given more than once; the first is used");
  const value = values[0]!;
  if (value.length > MAX_PARAM_LENGTH) {
    report(name, value, "too long");
    return null;
  }
  return value;
}

function shorten(value: string): string {
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, "?");
  return printable.length > SHOWN_VALUE_LENGTH ? `${printable.slice(0, SHOWN_VALUE_LENGTH)}…` : printable;
}
