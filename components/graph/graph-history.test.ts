import { describe, expect, it } from "vitest";
import {
  DEFAULT_GRAPH_VIEW_STATE,
  parseGraphViewState,
  type GraphViewState,
} from "@/lib/graph/graph-url-state";
import { DEFAULT_GRAPH_WINDOW_MS as D } from "@/lib/graph/graph-window";
import { graphViewHref, historyStep } from "./graph-history";

const filtered: GraphViewState = {
  ...DEFAULT_GRAPH_VIEW_STATE,
  namespaces: ["mealie"],
  verdicts: ["DROPPED"],
  windowMs: 15 * 60_000,
};
const withEdge: GraphViewState = {
  ...filtered,
  selected: { kind: "edge", id: "ns:mealie>ns:database:tcp:5432:egress" },
};

describe("graph history", () => {
  it("writes the whole view into the address and reads the same view back", () => {
    for (const state of [DEFAULT_GRAPH_VIEW_STATE, filtered, withEdge]) {
      const href = graphViewHref("/", state, D);
      const query = href.includes("?") ? href.slice(href.indexOf("?") + 1) : "";
      expect(parseGraphViewState(query, D)).toEqual({ state, problems: [] });
    }
    expect(graphViewHref("/", DEFAULT_GRAPH_VIEW_STATE, D)).toBe("/");
  });

  it("makes a step for a new selection, a closed panel or a new filter, and none for the same view", () => {
    expect(historyStep("/", filtered, withEdge, D)).toBe(graphViewHref("/", withEdge, D));
    expect(historyStep("/", withEdge, filtered, D)).toBe(graphViewHref("/", filtered, D));
    expect(historyStep("/", filtered, { ...filtered, verdicts: [] }, D)).toBe("/?ns=mealie&window=15m");
    expect(historyStep("/", withEdge, { ...withEdge }, D)).toBeNull();
    // The configured default window is the one the address leaves out.
    expect(historyStep("/", filtered, { ...filtered, verdicts: [] }, 15 * 60_000)).toBe("/?ns=mealie");
  });
});
