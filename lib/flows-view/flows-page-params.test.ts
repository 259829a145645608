import { describe, expect, it } from "vitest";
import type { FlowsEntry } from "./flow-row";
import { entriesSince, flowsPageParams, flowsPageUrl } from "./flows-page-params";

describe("the /flows page's address", () => {
  it("keeps the selected row apart from the flags sent to the relay, in their order", () => {
    const { flags, selected } = flowsPageParams(
      new URLSearchParams("from-namespace=mealie&flow=abc-1&not&to-port=5432"),
    );
    expect(flags.toString()).toBe("from-namespace=mealie&not=&to-port=5432");
    expect(selected).toBe("abc-1");
    expect(flowsPageParams(new URLSearchParams("verdict=DROPPED")).selected).toBeNull();
  });

  it("writes the selected row after the flags, encoded", () => {
    expect(flowsPageUrl("verdict=DROPPED", "2026-01-01T00:00:00Z a&b")).toBe(
      "/flows?verdict=DROPPED&flow=2026-01-01T00%3A00%3A00Z%20a%26b",
    );
    expect(flowsPageUrl("", "k")).toBe("/flows?flow=k");
    expect(flowsPageUrl("", null)).toBe("/flows");
  });

  it("keeps only the entries from a time on", () => {
    const at = (time: string) => ({ flow: { time }, node_name: "n" }) as unknown as FlowsEntry;
    const now = Date.parse("2026-01-01T00:10:00Z");
    const kept = entriesSince(
      [at("2026-01-01T00:04:59.999Z"), at("2026-01-01T00:05:00Z"), at("2026-01-01T00:09:00.5Z")],
      now - 5 * 60_000,
    );
    expect(kept.map((e) => e.flow.time)).toEqual(["2026-01-01T00:05:00Z", "2026-01-01T00:09:00.5Z"]);
  });
});
