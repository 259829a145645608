import type { NamespaceRow } from "@/lib/api/responses";
import { dropHistoryOf, dropRecovery, type DeliveredSince } from "@/lib/drops/drop-recovery";
import type { L7FailureKind } from "@/lib/flows/l7-failure";
import type { GraphNodeKind } from "./graph-ids";
import type { GraphEdgeView, GraphNodeView, GraphSnapshot } from "./graph-snapshot";

// What the graph component draws: the snapshot's nodes and edges joined with each namespace's
// labels (profile, access labels, escape hatch) and, for edges that drop, their classification.

export interface DrawingNode {
  id: string;
  label: string;
  kind: GraphNodeKind;
  /** Namespace nodes: the namespace; special peers: null. */
  namespace: string | null;
  namespaceKind: "platform" | "application" | null;
  profile: string | null;
  /** The profile's place among the conventions' profiles (least permissive first); null: none or unknown. */
  profileRank: number | null;
  accessLabels: string[];
  enforcementDisabled: boolean;
  dnsNames: string[];
  dropped: number;
  /** AUDIT: flows policy would drop, let through in audit mode. */
  audited: number;
  forwarded: number;
}

export interface DrawingEdge {
  id: string;
  source: string;
  target: string;
  /** "5432/TCP", "ICMPv4", "other ports/TCP". */
  label: string;
  dropped: number;
  /** AUDIT: flows policy would drop, let through in audit mode. */
  audited: number;
  forwarded: number;
  /** L7 responses reporting a failure (HTTP 5xx, DNS errors); absent when none. */
  l7Failures?: Partial<Record<L7FailureKind, number>>;
  /**
   * Forwarded flows of the edge that re-enabling enforcement on a namespace whose escape hatch is
   * open would drop (the virtual audit); absent when none would.
   */
  wouldDrop?: number;
  /**
   * The edge dropped earlier in the window and has stopped (lib/drops/drop-recovery): its last
   * drop, since when it has recovered. Absent when it never dropped or still does.
   */
  recoveredSince?: number;
  /**
   * The edge's drops stopped at this time, but the relay has not delivered every flow since (down,
   * stalled, a gap): whether it recovered is unknown. Absent otherwise.
   */
  recoveryUnknownAfter?: number;
}

export interface Drawing {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
}

export function edgeLabel(edge: Pick<GraphEdgeView, "port" | "protocol">): string {
  const protocol = edge.protocol ?? "?";
  if (edge.port === "none") return protocol;
  if (edge.port === "other") return `other ports/${protocol}`;
  if (edge.port === "unknown") return `unknown port/${protocol}`;
  return `${edge.port}/${protocol}`;
}

/**
 * An edge as drawn and listed at `now`: its label, the counts every view shows, whether it recovered
 * (which `deliveredSince` must vouch for, lib/drops/drop-recovery).
 */
export function drawingEdge(edge: GraphEdgeView, now: number, deliveredSince: DeliveredSince): DrawingEdge {
  const drawn: DrawingEdge = {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    label: edgeLabel(edge),
    dropped: edge.counts.DROPPED ?? 0,
    audited: edge.counts.AUDIT ?? 0,
    forwarded: edge.counts.FORWARDED ?? 0,
  };
  if (edge.l7Failures) drawn.l7Failures = edge.l7Failures;
  const recovery = dropRecovery(dropHistoryOf([edge]), now, deliveredSince);
  if (recovery.state === "recovered") drawn.recoveredSince = recovery.since;
  if (recovery.state === "unknown") drawn.recoveryUnknownAfter = recovery.lastDropAt;
  return drawn;
}

/** What the graph shows of a node's namespace: its group, profile and labels. */
export type DrawnNamespace = Pick<
  DrawingNode,
  "namespaceKind" | "profile" | "profileRank" | "accessLabels" | "enforcementDisabled"
>;

/** A node as drawn: its traffic in the window, and what is known of its namespace (nothing for other peers). */
export function drawingNode(node: GraphNodeView, namespace: Partial<DrawnNamespace> = {}): DrawingNode {
  return {
    id: node.id,
    label: node.label,
    kind: node.kind,
    namespace: node.namespace,
    namespaceKind: namespace.namespaceKind ?? null,
    profile: namespace.profile ?? null,
    profileRank: namespace.profileRank ?? null,
    accessLabels: namespace.accessLabels ?? [],
    enforcementDisabled: namespace.enforcementDisabled ?? false,
    dnsNames: node.dnsNames ?? [],
    dropped: node.counts.DROPPED ?? 0,
    audited: node.counts.AUDIT ?? 0,
    forwarded: node.counts.FORWARDED ?? 0,
  };
}

export function graphDrawing(
  snapshot: GraphSnapshot,
  rows: readonly NamespaceRow[],
  profileNames: readonly string[],
  /** Whether the relay delivered every flow since a time: what a recovery rests on. */
  deliveredSince: DeliveredSince,
  /** Would-be drops by edge id, from the virtual audit of open escape hatches. */
  wouldDrop: ReadonlyMap<string, number> = new Map(),
): Drawing {
  const rowByName = new Map(rows.map((row) => [row.name, row]));
  const rankOf = (profile: string | null) => {
    const rank = profile === null ? -1 : profileNames.indexOf(profile);
    return rank >= 0 ? rank : null;
  };
  const nodes = snapshot.nodes.map((node) => {
    const row = node.namespace ? rowByName.get(node.namespace) : undefined;
    return drawingNode(
      node,
      row && {
        namespaceKind: row.kind,
        profile: row.profile,
        profileRank: rankOf(row.profile),
        accessLabels: row.accessLabels.map((a) => a.name),
        enforcementDisabled: row.enforcementDisabled,
      },
    );
  });
  const edges = snapshot.edges.map((edge): DrawingEdge => {
    const drawn = drawingEdge(edge, snapshot.now, deliveredSince);
    const would = wouldDrop.get(edge.id) ?? 0;
    return would > 0 ? { ...drawn, wouldDrop: would } : drawn;
  });
  return { nodes, edges };
}

/** How many edges touch each node; an edge from a node to itself counts once. */
export function edgeCountByNode(edges: readonly DrawingEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of edges) {
    counts.set(e.source, (counts.get(e.source) ?? 0) + 1);
    if (e.target !== e.source) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
  }
  return counts;
}
