import { describe, expect, it } from "vitest";
import { hubbleFixture, hubbleFixtures } from "@/lib/hubble/fixtures";
import { loadObserverProto } from "./observer-proto";
import type { WireFlow, WireGetFlowsResponse } from "./wire-flow";
import { flowJsonToWire, wireToFlowJson } from "./wire-json";

/** Encodes and decodes through the real GetFlowsResponse message, as the relay and Sieve would. */
function overTheWire(flow: WireFlow): WireFlow {
  const { GetFlows } = loadObserverProto().service;
  const bytes = GetFlows.responseSerialize({ flow, node_name: "n1" });
  const response = GetFlows.responseDeserialize(bytes) as WireGetFlowsResponse;
  return response.flow!;
}

describe("wire ↔ hubble JSON", () => {
  it("round-trips every fixture through protobuf bytes unchanged", () => {
    for (const json of hubbleFixtures()) {
      expect(wireToFlowJson(overTheWire(flowJsonToWire(json)))).toEqual(json);
    }
  });

  it("decodes timestamps, wrappers, 64-bit integers and oneofs the way protojson prints them", () => {
    const wire = overTheWire(flowJsonToWire(hubbleFixture("dnsResponse")));
    expect(wire.time).toEqual({ seconds: "1747213924", nanos: 19384000 });
    expect(wire.is_reply).toEqual({ value: true });
    expect(wire.l7).toMatchObject({ latency_ns: "1342107", record: "dns" });
    expect(wire.l4).toMatchObject({ protocol: "UDP" });

    const json = wireToFlowJson(wire);
    expect(json.time).toBe("2025-05-14T09:12:04.019384Z");
    expect(json.is_reply).toBe(true);
    expect(json.l7).not.toHaveProperty("record");
    expect(json.l4).not.toHaveProperty("protocol");
    expect(json.l7?.latency_ns).toBe("1342107");
  });

  it("reads a false BoolValue sent as an empty message, and an absent one as unknown", () => {
    expect(wireToFlowJson({ time: { seconds: "1" }, is_reply: {} }).is_reply).toBe(false);
    expect(wireToFlowJson({ time: { seconds: "1" } })).not.toHaveProperty("is_reply");
  });

  it("drops enum values newer than Sieve's proto instead of inventing names", () => {
    const json = wireToFlowJson({
      time: { seconds: "1747213923", nanos: 0 },
      verdict: 42,
      drop_reason: 250,
      drop_reason_desc: 250,
      traffic_direction: 7,
    });
    expect(json).toEqual({ time: "2025-05-14T09:12:03Z", verdict: "VERDICT_UNKNOWN", drop_reason: 250 });
  });

  it("reads a timestamp outside what a date can hold as the epoch rather than failing", () => {
    expect(wireToFlowJson({ time: { seconds: "99999999999999999" } }).time).toBe("1970-01-01T00:00:00Z");
    expect(wireToFlowJson({ time: { seconds: "1", nanos: -5 } }).time).toBe("1970-01-01T00:00:00Z");
  });

  it("rejects a flow time that is not RFC 3339", () => {
    expect(() => flowJsonToWire({ time: "now", verdict: "FORWARDED" })).toThrow(/"now" is not an RFC 3339/);
  });
});
