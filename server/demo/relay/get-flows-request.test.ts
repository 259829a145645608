import { describe, expect, it } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { selectHistory } from "./flow-history";
import { FlowRing } from "./flow-ring";
import { InvalidRequestError, planGetFlows, type GetFlowsRequestWire } from "./get-flows-request";

const BASE_SECONDS = 1_735_689_600; // 2025-01-01T00:00:00Z

function flowAt(second: number, verdict: HubbleFlowJson["verdict"]): HubbleFlowJson {
  return { time: new Date((BASE_SECONDS + second) * 1000).toISOString(), verdict, uuid: `flow-${second}` };
}

// Flows at seconds 1..10; odd seconds dropped, even forwarded.
function held() {
  const ring = new FlowRing(16);
  for (let second = 1; second <= 10; second++)
    ring.push(flowAt(second, second % 2 ? "DROPPED" : "FORWARDED"));
  return ring.snapshot();
}

function history(request: GetFlowsRequestWire): string[] {
  return selectHistory(held(), planGetFlows(request)).map((stored) => stored.flow.uuid ?? "");
}

const at = (second: number) => ({ seconds: String(BASE_SECONDS + second), nanos: 0 });
const drops = [{ verdict: ["DROPPED" as const] }];

describe("planGetFlows", () => {
  it("reads proto-loader's string longs and timestamps", () => {
    const plan = planGetFlows({ number: "20", since: { seconds: "10", nanos: 5 }, until: { seconds: 11 } });
    expect(plan.number).toBe(20);
    expect(plan.sinceNs).toBe(10_000_000_005n);
    expect(plan.untilNs).toBe(11_000_000_000n);
    expect(planGetFlows({ number: "18446744073709551615" }).number).toBe(Infinity);
    expect(planGetFlows({}).number).toBe(0);
  });

  it("refuses what Hubble refuses, as InvalidRequestError", () => {
    const invalid: GetFlowsRequestWire[] = [
      { first: true, follow: true },
      { since: at(5), until: at(4) },
      { since: { seconds: "1", nanos: 1_000_000_000 } },
      { until: { seconds: "999999999999" } },
      { whitelist: [{ dns_query: ["("] }] },
      { blacklist: [{ trace_id: ["x"] }] },
    ];
    for (const request of invalid) {
      expect(() => planGetFlows(request), JSON.stringify(request)).toThrow(InvalidRequestError);
    }
    expect(() => planGetFlows({ whitelist: [{ dns_query: ["("] }] })).toThrow(/dns_query/);
  });
});

describe("selectHistory", () => {
  it("takes the last N matching flows", () => {
    expect(history({ number: "2", whitelist: drops })).toEqual(["flow-7", "flow-9"]);
    expect(history({ number: "3" })).toEqual(["flow-8", "flow-9", "flow-10"]);
  });

  it("takes the first N matching flows with first", () => {
    expect(history({ number: "2", first: true, whitelist: drops })).toEqual(["flow-1", "flow-3"]);
  });

  it("returns every matching flow when number is 0 or larger than the history", () => {
    expect(history({ whitelist: drops })).toHaveLength(5);
    expect(history({ number: "100", blacklist: drops })).toEqual([
      "flow-2",
      "flow-4",
      "flow-6",
      "flow-8",
      "flow-10",
    ]);
  });

  it("bounds the history by since and until, counting from since", () => {
    expect(history({ since: at(8) })).toEqual(["flow-8", "flow-9", "flow-10"]);
    expect(history({ since: at(3), number: "2" })).toEqual(["flow-3", "flow-4"]);
    expect(history({ since: at(3), until: at(6) })).toEqual(["flow-3", "flow-4", "flow-5", "flow-6"]);
    expect(history({ until: at(4), number: "2" })).toEqual(["flow-3", "flow-4"]);
  });

  it("gives followers history only when they ask for some", () => {
    expect(history({ follow: true })).toEqual([]);
    expect(history({ follow: true, number: "1", whitelist: drops })).toEqual(["flow-9"]);
    expect(history({ follow: true, since: at(9), number: "1" })).toEqual(["flow-9", "flow-10"]);
  });
});
