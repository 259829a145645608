import { describe, expect, it } from "vitest";
import { viewHref, viewWindowOf } from "./view-window";

const FIVE = 5 * 60_000;
const params = (query: string) => new URLSearchParams(query);

describe("the window in a view's address", () => {
  it("reads ?window= on the graph, /drops and the namespace pages, ?since= on /flows", () => {
    expect(viewWindowOf("/", params("window=15m"), FIVE)).toEqual({
      windowMs: 15 * 60_000,
      named: true,
      problem: null,
    });
    expect(viewWindowOf("/namespaces/mealie", params("window=1h"), FIVE).windowMs).toBe(3_600_000);
    expect(viewWindowOf("/flows", params("verdict=DROPPED&since=30m"), FIVE).windowMs).toBe(30 * 60_000);
    // /flows reads no ?window=, the other views no ?since=.
    expect(viewWindowOf("/flows", params("window=30m"), FIVE).named).toBe(false);
    expect(viewWindowOf("/drops", params("since=30m"), FIVE).named).toBe(false);
  });

  it("falls back to the configured default, saying why a value was not used", () => {
    expect(viewWindowOf("/drops", params(""), 15 * 60_000)).toEqual({
      windowMs: 15 * 60_000,
      named: false,
      problem: null,
    });
    expect(viewWindowOf("/drops", params("window=2h"), FIVE)).toEqual({
      windowMs: FIVE,
      named: false,
      problem: 'window: "2h" is outside 1m..1h',
    });
    // A point in time is a --since /flows understands, not a window to carry to other views.
    expect(viewWindowOf("/flows", params("since=2026-01-01T00:00:00Z"), FIVE)).toEqual({
      windowMs: FIVE,
      named: false,
      problem: null,
    });
  });

  it("writes the window into a view's address in that view's word, leaving the default out", () => {
    expect(viewHref("/drops", 15 * 60_000, FIVE)).toBe("/drops?window=15m");
    expect(viewHref("/flows", 15 * 60_000, FIVE)).toBe("/flows?since=15m");
    expect(viewHref("/?ns=mealie", 60_000, FIVE)).toBe("/?ns=mealie&window=1m");
    expect(viewHref("/namespaces", FIVE, FIVE)).toBe("/namespaces");
  });
});
