import { describe, expect, it } from "vitest";
import { flowJsonFromObserveOutput } from "./observe-json";
import { hubbleFixtures } from "./fixtures";

describe("flowJsonFromObserveOutput", () => {
  it("unwraps a GetFlowsResponse line and accepts a bare flow", () => {
    const line = '{"flow":{"time":"2025-05-14T09:12:11Z","verdict":"DROPPED"},"node_name":"n1"}';
    expect(flowJsonFromObserveOutput(line)).toEqual({ time: "2025-05-14T09:12:11Z", verdict: "DROPPED" });
    expect(flowJsonFromObserveOutput({ time: "2025-05-14T09:12:11Z" }).verdict).toBe("VERDICT_UNKNOWN");
  });

  it("rejects what is not a flow with one line", () => {
    expect(() => flowJsonFromObserveOutput('{"node_status":{}}')).toThrow(
      /expected an object with a time string/,
    );
    expect(() => flowJsonFromObserveOutput({ time: "x", verdict: "MAYBE" })).toThrow(
      /unknown verdict "MAYBE"/,
    );
  });

  it("loads every fixture, oldest first", () => {
    const times = hubbleFixtures().map((f) => f.time);
    expect(times).toHaveLength(7);
    expect(times[0]).toBe("2025-05-14T09:12:03.482915307Z");
    expect(times.at(-1)).toBe("2025-05-14T09:12:11Z");
  });
});
