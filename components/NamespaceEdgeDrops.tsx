"use client";

import Link from "next/link";
import { inWindowText } from "@/lib/flows/verdict-text";
import type { DrawingEdge } from "@/lib/graph/graph-drawing";
import { serializeGraphViewState } from "@/lib/graph/graph-url-state";
import { namespaceDropEdges } from "@/lib/graph/namespace-drop-edges";
import { useGraph } from "./data/use-graph";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { EdgeDropState } from "./EdgeDropState";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";

function EdgeRows({
  title,
  edges,
  peerOf,
  hrefOf,
  testId,
  partial,
}: {
  partial: boolean;
  title: string;
  edges: DrawingEdge[];
  peerOf: (edge: DrawingEdge) => string;
  hrefOf: (edge: DrawingEdge) => string;
  testId: string;
}) {
  return (
    <div>
      <h3 className="text-sm font-medium">{title}</h3>
      {edges.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{partial ? "None received." : "None."}</p>
      ) : (
        <ul className="flex flex-col text-sm" data-testid={testId}>
          {edges.map((edge) => (
            <li key={edge.id} data-edge-id={edge.id} className="flex justify-between gap-2">
              <Link className="truncate text-blue-700 underline dark:text-blue-400" href={hrefOf(edge)}>
                <span className="font-mono">{peerOf(edge)}</span> {edge.label}
              </Link>
              <EdgeDropState edge={edge} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const ALL_DETAIL = { all: true, keep: null };

/**
 * A namespace's drops in both directions, the graph's edges over the same window: drops into it
 * (another namespace's egress, or its own ingress rules) as well as its own.
 */
export function NamespaceEdgeDrops({
  namespace,
  windowMs,
  defaultWindowMs,
}: {
  namespace: string;
  windowMs: number;
  defaultWindowMs: number;
}) {
  const filter = { namespaces: [namespace], verdicts: ["DROPPED" as const, "AUDIT" as const], windowMs };
  // Every drop of one namespace: a short list, wanted whole past the level of detail.
  const graph = useGraph(serializeGraphViewState({ ...filter, selected: null }, null), ALL_DETAIL);
  const coverage = useRelayCoverage(windowMs);
  if (!graph.data)
    return graph.isError ? (
      <p className="text-sm text-red-700">Drops unavailable: {graph.error.message}</p>
    ) : (
      <p className="text-sm text-slate-500">Loading drops…</p>
    );
  const labels = new Map(graph.data.nodes.map((n) => [n.id, n.label]));
  const label = (id: string) => labels.get(id) ?? id;
  const { into, from } = namespaceDropEdges(namespace, graph.data.edges);
  const hrefOf = (edge: DrawingEdge) => {
    const query = serializeGraphViewState(
      { namespaces: [namespace], verdicts: [], windowMs, selected: { kind: "edge", id: edge.id } },
      defaultWindowMs,
    );
    return `/?${query}`;
  };
  const count = (edges: DrawingEdge[]) => edges.reduce((n, e) => n + e.dropped + e.audited, 0);
  return (
    <div className="flex flex-col gap-2" data-testid="namespace-edge-drops">
      {/* A failed refresh keeps the last answer on screen, and says so. */}
      {graph.isError && (
        <p role="alert" className="text-sm text-red-700">
          Refresh failed ({graph.error.message}); showing the last answer.
        </p>
      )}
      {coverage.complete === false && <FlowsUnknownNotice relay={coverage.relay} windowMs={windowMs} />}
      {/* A total is a conclusion only when the relay delivered the whole window. */}
      {coverage.complete === true && (
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="namespace-edge-drops-summary">
          {count(into)} drops into {namespace} and {count(from)} from it {inWindowText(windowMs)}, as on the
          graph.
        </p>
      )}
      <EdgeRows
        title={`Into ${namespace}`}
        edges={into}
        peerOf={(e) => `from ${label(e.source)}`}
        hrefOf={hrefOf}
        testId="namespace-drops-into"
        partial={coverage.complete !== true}
      />
      <EdgeRows
        title={`From ${namespace}`}
        edges={from}
        peerOf={(e) => `to ${label(e.target)}`}
        hrefOf={hrefOf}
        testId="namespace-drops-from"
        partial={coverage.complete !== true}
      />
    </div>
  );
}
