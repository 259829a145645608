import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

interface DroppingEdgesListProps {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** The edge under the pointer or the keyboard, to light it up on the canvas. */
  onHighlight?(id: string | null): void;
}

/** The graph's red edges as a list: readable without the canvas, and a quick way to pick one. */
export function DroppingEdgesList({
  nodes,
  edges,
  selectedId,
  onSelect,
  onHighlight,
}: DroppingEdgesListProps) {
  const labels = new Map(nodes.map((n) => [n.id, n.label]));
  const dropping = edges
    .filter((e) => e.dropped > 0)
    .sort((a, b) => b.dropped - a.dropped || a.id.localeCompare(b.id));
  if (dropping.length === 0)
    return <p className="text-sm text-slate-600">No dropped flows in this window.</p>;
  return (
    <ul className="flex flex-col text-sm" aria-label="Edges with drops" data-testid="dropping-edges">
      {dropping.map((edge) => (
        <li key={edge.id}>
          <button
            type="button"
            data-edge-id={edge.id}
            aria-pressed={edge.id === selectedId}
            onClick={() => onSelect(edge.id)}
            onMouseEnter={() => onHighlight?.(edge.id)}
            onMouseLeave={() => onHighlight?.(null)}
            onFocus={() => onHighlight?.(edge.id)}
            onBlur={() => onHighlight?.(null)}
            className={`flex w-full justify-between gap-2 rounded px-1 py-0.5 text-left hover:bg-red-50 dark:hover:bg-red-950 ${edge.id === selectedId ? "bg-red-100 dark:bg-red-900" : ""}`}
          >
            <span className="truncate">
              <span className="font-mono">{labels.get(edge.source) ?? edge.source}</span> →{" "}
              <span className="font-mono">{labels.get(edge.target) ?? edge.target}</span>{" "}
              <span className="text-slate-600 dark:text-slate-400">{edge.label}</span>
            </span>
            <span className="font-semibold text-red-700 tabular-nums dark:text-red-400">{edge.dropped}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
