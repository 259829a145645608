"use client";

import { useState } from "react";
import { inWindowText } from "@/lib/flows/verdict-text";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { EdgeDropState } from "./EdgeDropState";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { GraphElementButton } from "./GraphElementButton";
import { LIST_PAGE } from "./GraphElementList";
import { ShowMoreButton } from "./ShowMoreButton";

interface DroppingEdgesListProps {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** The graph's window: "no dropped flows" only when the relay delivered all of it. */
  windowMs: number;
  /** The edge under the pointer or the keyboard, to light it up on the canvas. */
  onHighlight?(id: string | null): void;
}

/**
 * The graph's edges with drops (and audited would-be drops) as a list: readable without the
 * canvas, and a quick way to pick one. The most dropping first, LIST_PAGE at a time.
 */
export function DroppingEdgesList({
  nodes,
  edges,
  selectedId,
  onSelect,
  windowMs,
  onHighlight,
}: DroppingEdgesListProps) {
  const coverage = useRelayCoverage(windowMs);
  const [shown, setShown] = useState(LIST_PAGE);
  const labels = new Map(nodes.map((n) => [n.id, n.label]));
  const drops = (e: DrawingEdge) => e.dropped + e.audited;
  // What drops now first, then what recovered.
  const recovered = (e: DrawingEdge) => (e.recoveredSince === undefined ? 0 : 1);
  const dropping = edges
    .filter((e) => drops(e) > 0)
    .sort((a, b) => recovered(a) - recovered(b) || drops(b) - drops(a) || a.id.localeCompare(b.id));
  const notice = coverage.complete === false && (
    <FlowsUnknownNotice relay={coverage.relay} windowMs={windowMs} />
  );
  if (dropping.length === 0)
    return (
      notice ||
      (coverage.complete && (
        <p className="text-sm text-slate-600">No dropped flows {inWindowText(windowMs)}.</p>
      ))
    );
  return (
    <>
      {notice}
      <ul className="flex flex-col text-sm" aria-label="Edges with drops" data-testid="dropping-edges">
        {dropping.slice(0, shown).map((edge) => (
          <li key={edge.id}>
            <GraphElementButton
              element="edge"
              id={edge.id}
              pressed={edge.id === selectedId}
              onSelect={onSelect}
              onHighlight={onHighlight}
              className={`hover:bg-red-50 dark:hover:bg-red-950 ${edge.id === selectedId ? "bg-red-100 dark:bg-red-900" : ""}`}
            >
              <span className="truncate">
                <span className="font-mono">{labels.get(edge.source) ?? edge.source}</span> →{" "}
                <span className="font-mono">{labels.get(edge.target) ?? edge.target}</span>{" "}
                <span className="text-slate-600 dark:text-slate-400">{edge.label}</span>
              </span>
              <span className="shrink-0">
                <EdgeDropState edge={edge} />
              </span>
            </GraphElementButton>
          </li>
        ))}
      </ul>
      <ShowMoreButton
        total={dropping.length}
        shown={shown}
        page={LIST_PAGE}
        onMore={() => setShown(shown + LIST_PAGE)}
        className="text-sm"
      />
    </>
  );
}
