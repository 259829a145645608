import type { StylesheetJson } from "cytoscape";

// The graph's look as a function of element data, kept apart from the component that draws it.

/**
 * Profile colours by rank (least permissive first), for any number of profiles: the runbook's four
 * get the first four. Amber (no profile), purple (special peers) and the edge colours stay apart.
 */
const PROFILE_PALETTE = [
  "#64748b",
  "#0ea5e9",
  "#6366f1",
  "#10b981",
  "#14b8a6",
  "#ec4899",
  "#84cc16",
  "#0891b2",
  "#d946ef",
  "#78716c",
];

export function profileColor(rank: number): string {
  return PROFILE_PALETTE[rank % PROFILE_PALETTE.length]!;
}

const PLATFORM_COLOR = "#334155";
const SPECIAL_COLOR = "#a855f7";
const NO_PROFILE_COLOR = "#f59e0b";
export const DROPPED_COLOR = "#dc2626";
export const FORWARDED_COLOR = "#16a34a";
/** Forwarded today, dropped once the escape hatch closes. */
export const WOULD_DROP_COLOR = "#ea580c";

export function nodeColor(data: {
  kind: string;
  namespaceKind: string | null;
  profileRank: number | null;
}): string {
  if (data.kind !== "namespace") return SPECIAL_COLOR;
  if (data.namespaceKind === "platform") return PLATFORM_COLOR;
  return data.profileRank === null ? NO_PROFILE_COLOR : profileColor(data.profileRank);
}

/** Edge width grows with the logarithm of its flow count, between 1.5 and 9 px. */
export function edgeWidth(total: number): number {
  return Math.min(9, 1.5 + Math.log10(1 + total) * 2);
}

/**
 * Beyond this many edges, edges are drawn straight: cytoscape's bezier edges look for parallel
 * edges between the same two nodes for every edge, which dominates the first paint of big graphs.
 */
export const LARGE_GRAPH_EDGES = 1_500;

export function graphStylesheet({ large = false }: { large?: boolean } = {}): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        label: "data(displayLabel)",
        "background-color": "data(color)",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "font-size": 11,
        "text-wrap": "wrap",
        color: "#0f172a",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "1px",
        width: 26,
        height: 26,
        "border-width": 2,
        "border-color": "#ffffff",
        // Labels too small to read are not drawn (a big graph fitted to the screen).
        "min-zoomed-font-size": 7,
      },
    },
    { selector: "node[kind != 'namespace']", style: { shape: "round-diamond", width: 30, height: 30 } },
    { selector: "node[namespaceKind = 'platform']", style: { shape: "round-rectangle" } },
    {
      selector: "node[?enforcementDisabled]",
      style: { "border-color": DROPPED_COLOR, "border-width": 4, "border-style": "dashed" },
    },
    { selector: "node[dropped > 0]", style: { "outline-color": DROPPED_COLOR, "outline-width": 2 } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "data(color)",
        "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle",
        "curve-style": large ? "straight" : "bezier",
        "arrow-scale": 0.8,
        opacity: 0.35,
      },
    },
    { selector: "edge[dropped > 0]", style: { opacity: 0.95, "line-style": "solid", "z-index": 10 } },
    // Would drop if enforcement were re-enabled: dashed, as the escape hatch's node border is.
    {
      selector: "edge[wouldDrop > 0][dropped = 0]",
      style: { opacity: 0.95, "line-style": "dashed", "line-dash-pattern": [6, 3], "z-index": 9 },
    },
    // Edge labels only where someone looks: measuring thousands of labels slows every frame.
    {
      selector: "edge:selected, edge.hovered",
      style: { label: "data(label)", "font-size": 9, "text-rotation": "autorotate", opacity: 1 },
    },
    {
      selector: ":selected",
      style: { "overlay-color": "#2563eb", "overlay-opacity": 0.25, "overlay-padding": 6 },
    },
    { selector: ".faded", style: { opacity: 0.15 } },
  ];
}
