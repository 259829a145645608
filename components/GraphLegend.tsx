import type { ProfileLegendEntry } from "@/lib/api/responses";
import { graphLegendEntries, nodeGroupsSentence, type LegendEntry } from "./graph/graph-legend-entries";
import { RECOVERY_UNKNOWN_DASH } from "./graph/graph-style";

function LegendMarkIcon({ entry }: { entry: LegendEntry }) {
  switch (entry.mark) {
    case "circle":
      return <span className="inline-block h-3 w-3 rounded-full" style={{ background: entry.color }} />;
    case "square":
      return <span className="inline-block h-3 w-3 rounded-sm" style={{ background: entry.color }} />;
    case "diamond":
      return <span className="inline-block h-2.5 w-2.5 rotate-45" style={{ background: entry.color }} />;
    case "dashed-ring":
      return (
        <span
          className="inline-block h-3 w-3 rounded-full border-2 border-dashed"
          style={{ borderColor: entry.color }}
        />
      );
    case "line":
      return <span className="inline-block h-0.5 w-5" style={{ background: entry.color }} />;
    case "faint-line":
      return <span className="inline-block h-0.5 w-5 opacity-40" style={{ background: entry.color }} />;
    case "dashed-line":
      return (
        <span className="inline-block w-5 border-t-2 border-dashed" style={{ borderColor: entry.color }} />
      );
    case "dotted-line":
      return (
        <span className="inline-block w-5 border-t-2 border-dotted" style={{ borderColor: entry.color }} />
      );
    case "dash-dot-line":
      return (
        <svg width="20" height="2" aria-hidden="true">
          <line
            x1="0"
            y1="1"
            x2="20"
            y2="1"
            stroke={entry.color}
            strokeWidth="2"
            strokeDasharray={RECOVERY_UNKNOWN_DASH.join(" ")}
          />
        </svg>
      );
  }
}

/** What the graph's colors, shapes and places mean; the profiles are the conventions in force. */
export function GraphLegend({
  profiles,
  nodeCount,
}: {
  profiles: readonly ProfileLegendEntry[];
  /** How many nodes are drawn: the layout, hence where the groups are, depends on it. */
  nodeCount: number;
}) {
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-700 dark:text-slate-300">
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Legend">
        {graphLegendEntries(profiles).map((entry) => (
          <li key={entry.label} className="flex items-center gap-1" title={entry.detail}>
            <LegendMarkIcon entry={entry} /> {entry.label}
          </li>
        ))}
      </ul>
      <p data-testid="graph-groups">{nodeGroupsSentence(nodeCount)}</p>
    </div>
  );
}
