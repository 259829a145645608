import type { ProfileLegendEntry } from "@/lib/api/responses";
import { ROUTED_LAYOUT_MAX_NODES } from "./graph-layout";
import {
  DROPPED_COLOR,
  FORWARDED_COLOR,
  nodeColor,
  profileColor,
  RECOVERED_COLOR,
  RECOVERY_UNKNOWN_COLOR,
  WOULD_DROP_COLOR,
} from "./graph-style";

// What the graph's colours and shapes mean, as data: the legend beside the graph and the one drawn
// into the exported image read the same list.

export type LegendMark =
  | "circle"
  | "square"
  | "diamond"
  | "dashed-ring"
  | "line"
  | "faint-line"
  | "dashed-line"
  | "dotted-line"
  | "dash-dot-line";

export interface LegendEntry {
  label: string;
  mark: LegendMark;
  color: string;
  /** More about the entry (what a profile opens). */
  detail?: string;
}

/** How the layout groups `nodeCount` drawn nodes, in one sentence (graph-layout decides by the count). */
export function nodeGroupsSentence(nodeCount: number): string {
  return nodeCount <= ROUTED_LAYOUT_MAX_NODES
    ? "Groups: platform namespaces (squares) toward the middle, applications (circles, coloured by profile) around them, peers outside the cluster (diamonds) on the left."
    : "Shapes: platform namespaces (squares), applications (circles, coloured by profile), peers outside the cluster (diamonds); placed on rings, the namespaces most others talk to on the inner one when they are few.";
}

export function graphLegendEntries(profiles: readonly ProfileLegendEntry[]): LegendEntry[] {
  return [
    ...profiles.map((profile, rank): LegendEntry => ({
      label: profile.name,
      mark: "circle",
      color: profileColor(rank),
      detail: `ingress ${profile.ingress}; egress ${profile.egress}`,
    })),
    {
      label: profiles.length > 0 ? "no profile" : "application",
      mark: "circle",
      color: nodeColor({ kind: "namespace", namespaceKind: "application", profileRank: null }),
    },
    {
      label: "platform",
      mark: "square",
      color: nodeColor({ kind: "namespace", namespaceKind: "platform", profileRank: null }),
    },
    {
      label: "world, host, API server…",
      mark: "diamond",
      color: nodeColor({ kind: "world", namespaceKind: null, profileRank: null }),
    },
    { label: "enforcement off", mark: "dashed-ring", color: DROPPED_COLOR },
    { label: "dropped", mark: "line", color: DROPPED_COLOR },
    {
      label: "recovered (dropped earlier, passing now)",
      mark: "dotted-line",
      color: RECOVERED_COLOR,
      detail: "No drop for twice the usual gap between its drops, and flows let through since",
    },
    {
      label: "recovery unknown (dropped earlier, flows missed since)",
      mark: "dash-dot-line",
      color: RECOVERY_UNKNOWN_COLOR,
      detail: "No drop seen since, but the relay was down, stalled or skipped flows: it may still drop",
    },
    { label: "forwarded (faint while drops are shown)", mark: "faint-line", color: FORWARDED_COLOR },
    { label: "would drop if re-enabled", mark: "dashed-line", color: WOULD_DROP_COLOR },
  ];
}
