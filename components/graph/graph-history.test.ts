import { describe, expect, it } from "vitest";
import {
  DEFAULT_GRAPH_VIEW_STATE,
  parseGraphViewState,
  type GraphViewState,
} from "@/lib/graph/graph-url-state";
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
      const href = graphViewHref("/", state);
      const query = href.includes("?") ? href.slice(href.indexOf("?") + 1) : "";
      expect(parseGraphViewState(query)).toEqual({ state, problems: [] });
    }
    expect(graphViewHref("/", DEFAULT_GRAPH_VIEW_STATE)).toBe("/");
  });

  it("makes a step for a new selection, a closed panel or a new filter, and none for the same view", () => {
    expect(historyStep("/", filtered, withEdge)).toBe(graphViewHref("/", withEdge));
    expect(historyStep("/", withEdge, filtered)).toBe(graphViewHref("/", filtered));
    expect(historyStep("/", filtered, { ...filtered, verdicts: [] })).toBe("/?ns=mealie&window=15m");
    expect(historyStep("/", withEdge, { ...withEdge })).toBeNull();
  });
});
