import { formatDuration } from "@/lib/config/duration";
import type { GraphViewState } from "@/lib/graph/graph-url-state";

// The words drawn above an exported graph image: what it shows, through which window and filters,
// and when; a picture pasted into a ticket must say all of that by itself.

export function exportCaption({
  state,
  now,
  nodes,
  edges,
  droppingEdges,
  detail = null,
}: {
  state: GraphViewState;
  now: number;
  nodes: number;
  edges: number;
  droppingEdges: number;
  /** What the level of detail left out of the drawing; null when everything is drawn. */
  detail?: string | null;
}): string[] {
  const namespaces = state.namespaces.length > 0 ? state.namespaces.join(", ") : "all";
  const verdicts = state.verdicts.length > 0 ? state.verdicts.join(", ") : "all";
  const time = new Date(now)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  return [
    "Sieve · flows between namespaces",
    `Window: last ${formatDuration(state.windowMs)} · Namespaces: ${namespaces} · Verdicts: ${verdicts}`,
    `Drawn ${time} · ${nodes} nodes, ${edges} edges, ${droppingEdges} dropping`,
    ...(detail === null ? [] : [detail]),
  ];
}

export function exportFileName(now: number): string {
  return `sieve-graph-${new Date(now).toISOString().replace(/[:.]/g, "-")}.png`;
}
