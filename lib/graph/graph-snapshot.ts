import type { Flow, FlowProtocol, Verdict } from "@/lib/flows/flow";
import type { L7FailureKind } from "@/lib/flows/l7-failure";
import type { VerdictTally } from "@/lib/flows/verdict-counts";
import type { EdgeDirection, EdgePort, GraphNodeKind } from "./graph-ids";

// The JSON the graph view is drawn from: plain data, stable ids, sorted for stable output.

export interface GraphFilter {
  /** Keep edges with a namespace on either side in this list. */
  namespaces?: readonly string[];
  /** Keep edges that carry at least one flow with one of these verdicts in the window. */
  verdicts?: readonly Verdict[];
}

export interface GraphNodeView {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Set for namespace nodes. */
  namespace: string | null;
  /** World only: DNS names seen for world peers in the window, most recent first. */
  dnsNames?: string[];
  /** Flows on the node's edges in the window (an edge between a node and itself counts once). */
  counts: VerdictTally;
}

export interface GraphEdgeView {
  id: string;
  source: string;
  target: string;
  port: EdgePort;
  protocol: FlowProtocol | null;
  direction: EdgeDirection;
  /** Counts in the window, all verdicts (a verdict filter selects edges, it does not hide counts). */
  counts: VerdictTally;
  /** Lifetime of the edge in the graph (bounded by its retention), not of the window. */
  firstSeen: number;
  lastSeen: number;
  /** Most recent flow per verdict among those counted in the window. */
  lastSeenByVerdict: Partial<Record<Verdict, number>>;
  /** Recent flows in the window, drops first, then the rest, newest first. */
  samples: Flow[];
  /** L7 responses in the window that report a failure (HTTP 5xx, DNS errors); absent when none. */
  l7Failures?: Partial<Record<L7FailureKind, number>>;
}

export interface GraphStats {
  flowsAdded: number;
  /** Forwarded replies: the request already stands for the connection. */
  repliesSkipped: number;
  /** Flows older than the retention when they arrived. */
  lateFlowsIgnored: number;
  edgesEvicted: number;
  /** Flows whose namespace was beyond the node cap and was drawn as "other namespaces". */
  flowsInOtherNamespaces: number;
}

export interface GraphSnapshot {
  now: number;
  windowMs: number;
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  stats: GraphStats;
}
