import type { FlowGraph } from "@/lib/graph/graph-model";
import { isDropVerdict, type Flow } from "./flow";
import { FlowIngest } from "./flow-ingest";
import { isEchoReply } from "./reply-inference";
import type { RecentFlows } from "./recent-flows";
import type { VerdictCounter } from "./verdict-counts";

/** Where observed flows are kept for the views: the namespace page, the graph, /drops, fix proofs. */
export interface FlowViews {
  verdicts: VerdictCounter;
  graph: FlowGraph;
  /** The latest dropped and audited flows, for the drops view and fix proposals. */
  recentDrops: RecentFlows;
  /** The latest flows of every verdict, for the proof of a fix. */
  recentFlows: RecentFlows;
}

/**
 * The one way a flow reaches the views, for the relay's stream and for replayed captures alike:
 * through the ingest (roles inferred, repeated reports of a packet held back), then to each view.
 */
export function flowRecorder(views: FlowViews, ingest: FlowIngest = new FlowIngest()): (flow: Flow) => void {
  return (received) => {
    const flow = ingest.accept(received);
    if (flow === null) return;
    // Counted as the graph counts: a forwarded reply is its request's echo.
    if (!isEchoReply(flow)) views.verdicts.add(flow);
    views.graph.add(flow);
    views.recentFlows.push(flow);
    if (isDropVerdict(flow.verdict)) views.recentDrops.push(flow);
  };
}
