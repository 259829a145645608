import { describe, expect, it } from "vitest";
import { DEFAULT_GRAPH_VIEW_STATE } from "@/lib/graph/graph-url-state";
import { exportCaption, exportFileName } from "./graph-export";

const NOW = Date.UTC(2026, 11, 5, 4, 50, 12, 345);

describe("the exported image's caption", () => {
  it("names the window, the filters, the time and the counts", () => {
    const lines = exportCaption({
      state: {
        ...DEFAULT_GRAPH_VIEW_STATE,
        namespaces: ["mealie", "database"],
        verdicts: ["DROPPED"],
        windowMs: 15 * 60_000,
      },
      now: NOW,
      nodes: 3,
      edges: 4,
      droppingEdges: 2,
    });
    expect(lines[1]).toBe("Window: last 15m · Namespaces: mealie, database · Verdicts: DROPPED");
    expect(lines[2]).toBe("Drawn 2026-12-05 04:50:12 UTC · 3 nodes, 4 edges, 2 dropping");
  });

  it("says all when nothing is filtered", () => {
    const [, filters] = exportCaption({
      state: DEFAULT_GRAPH_VIEW_STATE,
      now: NOW,
      nodes: 0,
      edges: 0,
      droppingEdges: 0,
    });
    expect(filters).toBe("Window: last 5m · Namespaces: all · Verdicts: all");
  });

  it("says what the level of detail left out, and nothing when all is drawn", () => {
    const base = { state: DEFAULT_GRAPH_VIEW_STATE, now: NOW, nodes: 10, edges: 30, droppingEdges: 1 };
    expect(exportCaption({ ...base, detail: "Drawing 20 of 30 edges" })).toHaveLength(4);
    expect(exportCaption({ ...base, detail: "Drawing 20 of 30 edges" })[3]).toBe("Drawing 20 of 30 edges");
    expect(exportCaption(base)).toHaveLength(3);
  });

  it("names the file by the time", () => {
    expect(exportFileName(NOW)).toBe("sieve-graph-2026-12-05T04-50-12-345Z.png");
  });
});
