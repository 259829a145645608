import type { StylesheetJson } from "cytoscape";
import { PARALLEL_EDGE_STEP } from "./graph-geometry";

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
/** Dropped earlier in the window, passing since (lib/drops/drop-recovery). */
export const RECOVERED_COLOR = "#0d9488";
/** Forwarded today, dropped once the escape hatch closes. */
export const WOULD_DROP_COLOR = "#ea580c";
/**
 * Dropped earlier in the window, and the relay missed flows since (down, stalled, a gap): whether it
 * still drops is unknown. Grey, the colour of what is not known, at 3:1 or more on both themes.
 */
export const RECOVERY_UNKNOWN_COLOR = "#71717a";
/** Its line: dash-dot, apart from dropping (solid), recovered (dotted) and would-drop (dashed). */
export const RECOVERY_UNKNOWN_DASH = [8, 3, 2, 3];

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
 * Beyond this many edges, edges are drawn as cytoscape's "haystack" lines, centre to centre, with
 * the arrow at their middle: bezier and even straight edges look for the parallel edges of every
 * edge and clip it at both nodes' shapes, which dominates the first frame of big graphs (measured
 * on 500 nodes / 2,000 edges: straight took 1.7–2× haystack's time to the first frame, and drew
 * 0.6–0.8× its frames per second while panning). Parallel edges overlap in both.
 */
export const LARGE_GRAPH_EDGES = 1_500;

export type GraphTheme = "light" | "dark";

/** Colours of the canvas around the elements; the elements' own colours read on both. */
export const THEME_COLORS: Record<
  GraphTheme,
  { background: string; text: string; textBackground: string; nodeBorder: string; selection: string }
> = {
  light: {
    background: "#ffffff",
    text: "#0f172a",
    textBackground: "#ffffff",
    nodeBorder: "#ffffff",
    selection: "#2563eb",
  },
  dark: {
    background: "#0f172a",
    text: "#e2e8f0",
    textBackground: "#0f172a",
    nodeBorder: "#0f172a",
    selection: "#60a5fa",
  },
};

/** Opacity of what is not attached to the hovered or selected element. */
export const FADED_OPACITY = 0.08;
/** Opacity of forwarded edges while some edges drop: the drops are what to look at. */
export const SUBDUED_OPACITY = 0.18;

export function graphStylesheet({
  large = false,
  theme = "light",
  renderer = "canvas",
}: { large?: boolean; theme?: GraphTheme; renderer?: "canvas" | "webgl" } = {}): StylesheetJson {
  const colors = THEME_COLORS[theme];
  // cytoscape's WebGL renderer draws only end arrows (no middle one) and every line solid: a big
  // drawing there keeps straight edges with their end arrow.
  const haystack = large && renderer === "canvas";
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
        color: colors.text,
        "text-background-color": colors.textBackground,
        "text-background-opacity": 0.8,
        "text-background-padding": "1px",
        width: 26,
        height: 26,
        "border-width": 2,
        "border-color": colors.nodeBorder,
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
        ...(haystack
          ? {
              "curve-style": "haystack",
              "haystack-radius": 0,
              // A haystack line draws no arrow at its ends; the middle one says the direction.
              "mid-target-arrow-shape": "triangle",
              "mid-target-arrow-color": "data(color)",
            }
          : {
              "curve-style": large ? "straight" : "bezier",
              // Parallel edges stay close to their straight line, which the layout keeps clear of nodes.
              "control-point-step-size": PARALLEL_EDGE_STEP,
              "target-arrow-shape": "triangle",
              "target-arrow-color": "data(color)",
            }),
        "arrow-scale": 0.8,
        opacity: 0.35,
        color: colors.text,
        "text-background-color": colors.textBackground,
        "text-background-opacity": 0.8,
      },
    },
    // A namespace's traffic to itself is drawn as a loop (cytoscape makes a haystack loop a bezier
    // one), which draws no middle arrow: it keeps its end arrow.
    ...(haystack
      ? [
          {
            selector: "edge:loop",
            style: {
              "curve-style": "bezier" as const,
              "mid-target-arrow-shape": "none" as const,
              "target-arrow-shape": "triangle" as const,
              "target-arrow-color": "data(color)",
            },
          },
        ]
      : []),
    { selector: "edge.subdued", style: { opacity: SUBDUED_OPACITY } },
    // Arrowheads are most of what a big drawing's frame costs; a subdued edge's is barely seen.
    ...(large
      ? [
          {
            selector: "edge.subdued",
            style: { "mid-target-arrow-shape": "none" as const, "target-arrow-shape": "none" as const },
          },
        ]
      : []),
    { selector: "edge[dropped > 0]", style: { opacity: 0.95, "line-style": "solid", "z-index": 10 } },
    // Recovered: its drops stopped; dotted, so it reads apart from what drops now.
    {
      selector: "edge[?recovered]",
      style: { opacity: 0.9, "line-style": "dashed", "line-dash-pattern": [2, 4], "z-index": 9 },
    },
    // Would drop if enforcement were re-enabled, or audited (policy would drop it): dashed, as the
    // escape hatch's node border is.
    {
      selector: "edge[wouldDrop > 0][dropped = 0], edge[audited > 0][dropped = 0]",
      style: { opacity: 0.95, "line-style": "dashed", "line-dash-pattern": [6, 3], "z-index": 9 },
    },
    // Recovery unknown: it dropped, and flows since were missed; neither a live drop nor recovered.
    // After the rules above, which its counts (dropped, audited) also select.
    {
      selector: "edge[?recoveryUnknown]",
      style: {
        opacity: 0.95,
        "line-style": "dashed",
        "line-dash-pattern": RECOVERY_UNKNOWN_DASH,
        "z-index": 9,
      },
    },
    // Edge labels only where someone looks: measuring thousands of labels slows every frame.
    {
      selector: "edge:selected, edge.hovered",
      style: { label: "data(label)", "font-size": 9, "text-rotation": "autorotate", opacity: 1 },
    },
    {
      selector: ":selected",
      style: { "overlay-color": colors.selection, "overlay-opacity": 0.25, "overlay-padding": 6 },
    },
    // Last, so that it wins over every opacity above.
    { selector: ".faded", style: { opacity: FADED_OPACITY, "text-opacity": FADED_OPACITY } },
  ];
}
