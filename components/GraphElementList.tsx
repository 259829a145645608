"use client";

import { useState } from "react";
import { edgeCountByNode, type DrawingEdge, type DrawingNode } from "@/lib/graph/graph-drawing";
import { EdgeDropState } from "./EdgeDropState";
import { GraphElementButton } from "./GraphElementButton";
import { ShowMoreButton } from "./ShowMoreButton";

const LIST_HOVER = "hover:bg-slate-200 dark:hover:bg-slate-800";

/** Buttons a long list renders at first, and adds at each "Show more": thousands cost a frame each. */
export const LIST_PAGE = 200;

interface GraphNodeListProps {
  nodes: DrawingNode[];
  /** Nodes in the graph, drawn or not: more than `nodes` when the level of detail left some out. */
  totalNodes: number;
  edges: DrawingEdge[];
  onSelect(id: string): void;
  /** The element under the pointer or the keyboard, to light it up on the canvas. */
  onHighlight(id: string | null): void;
}

/**
 * Every node drawn as a button: the canvas's content for the keyboard and screen readers. Built
 * when opened, LIST_PAGE buttons at a time, so a graph of thousands of nodes costs nothing until asked.
 */
export function GraphNodeList({ nodes, totalNodes, edges, onSelect, onHighlight }: GraphNodeListProps) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(LIST_PAGE);
  const count = (n: number) => n.toLocaleString("en-US");
  return (
    <details className="text-sm" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer font-medium">
        {nodes.length < totalNodes
          ? `Namespaces and peers drawn (${count(nodes.length)} of ${count(totalNodes)})`
          : `All namespaces and peers (${count(nodes.length)})`}
      </summary>
      {open && (
        <NodeButtons
          nodes={nodes}
          edges={edges}
          shown={shown}
          onMore={() => setShown(shown + LIST_PAGE)}
          onSelect={onSelect}
          onHighlight={onHighlight}
        />
      )}
    </details>
  );
}

function NodeButtons({
  nodes,
  edges,
  shown,
  onMore,
  onSelect,
  onHighlight,
}: Omit<GraphNodeListProps, "totalNodes"> & { shown: number; onMore(): void }) {
  const degree = edgeCountByNode(edges);
  const sorted = [...nodes].sort((a, b) => a.label.localeCompare(b.label));
  return (
    <>
      <ul className="mt-1 flex flex-col" aria-label="Graph nodes" data-testid="graph-node-list">
        {sorted.slice(0, shown).map((node) => (
          <li key={node.id}>
            <GraphElementButton
              element="node"
              id={node.id}
              onSelect={onSelect}
              onHighlight={onHighlight}
              className={LIST_HOVER}
            >
              <span className="truncate font-mono">{node.label}</span>
              <span className="text-slate-700 tabular-nums dark:text-slate-300">
                {degree.get(node.id) ?? 0} edges
                {node.dropped > 0 && (
                  <span className="text-red-700 dark:text-red-400"> · {node.dropped} dropped</span>
                )}
              </span>
            </GraphElementButton>
          </li>
        ))}
      </ul>
      <ShowMoreButton total={sorted.length} shown={shown} page={LIST_PAGE} onMore={onMore} className="mt-1" />
    </>
  );
}

interface NodeEdgeListProps {
  title: string;
  edges: DrawingEdge[];
  /** The node at the other end of each edge. */
  peerOf(edge: DrawingEdge): string;
  onSelect(id: string): void;
  onHighlight(id: string | null): void;
  testId: string;
}

/** Edges of one node (its incoming or outgoing ones) as buttons, drops first. */
export function NodeEdgeList({ title, edges, peerOf, onSelect, onHighlight, testId }: NodeEdgeListProps) {
  const sorted = [...edges].sort((a, b) => b.dropped - a.dropped || a.id.localeCompare(b.id));
  return (
    <div>
      <h3 className="mb-1 font-medium">{title}</h3>
      {sorted.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">None in this window.</p>
      ) : (
        <ul className="flex flex-col" data-testid={testId}>
          {sorted.map((edge) => (
            <li key={edge.id}>
              <GraphElementButton
                element="edge"
                id={edge.id}
                onSelect={onSelect}
                onHighlight={onHighlight}
                className={LIST_HOVER}
              >
                <span className="truncate">
                  <span className="font-mono">{peerOf(edge)}</span> {edge.label}
                </span>
                <span className="tabular-nums">
                  {edge.dropped + edge.audited > 0 ? (
                    <EdgeDropState edge={edge} />
                  ) : (
                    <span className="text-slate-700 dark:text-slate-300">{edge.forwarded} forwarded</span>
                  )}
                </span>
              </GraphElementButton>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
