import { describe, expect, it } from "vitest";
import type { Flow } from "@/lib/flows/flow";
import { hubbleFixtures } from "@/lib/hubble/fixtures";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { PeerInterner } from "@/lib/hubble/peer-interner";
import { homelabObjects } from "@/server/demo/scenario/homelab-objects";
import { createTrafficGenerator } from "@/server/demo/scenario/traffic";
import { FlowDecoder } from "./flow-decoder";
import { createGetFlowsResponseDecoder } from "./get-flows-response-decoder";
import { loadObserverProto } from "./observer-proto";
import { randomWireFlow, seededRandom } from "./testing/random-wire-flow";
import type { WireFlow, WireGetFlowsResponse } from "./wire-flow";
import { flowJsonToWire, wireToFlowJson } from "./wire-json";
import { LENGTH_DELIMITED, WireReader } from "./wire-reader";

// The direct decoder must give what the JSON path gives: flowFromHubbleJson(wireToFlowJson(...))
// of proto-loader's decoding, for the same bytes. Both paths run on every fixture, on the demo's
// generated traffic, and on random messages that set every field the decoder reads (and some it
// skips) with the awkward values a relay may send.

const { GetFlows } = loadObserverProto().service;

function encode(flow: WireFlow): Buffer {
  return GetFlows.responseSerialize({ flow, node_name: "relay-node" });
}

/** The flow's bytes inside an encoded GetFlowsResponse. */
function flowBytes(response: Buffer): Buffer {
  const reader = new WireReader();
  reader.reset(response);
  while (reader.pos < response.length) {
    const tag = reader.uint32();
    if (tag === ((1 << 3) | LENGTH_DELIMITED)) {
      const end = reader.delimitedEnd();
      return response.subarray(reader.pos, end);
    }
    reader.skip(tag & 7);
  }
  throw new Error("no flow in the response");
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

/** A GetFlowsResponse whose flow is the given flow.Flow bytes. */
function responseOf(flow: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(1 << 3) | LENGTH_DELIMITED, ...varint(flow.length)]), flow]);
}

/** Sieve's flow as the JSON path makes it, or null when that path cannot place the flow. */
function viaJson(response: Buffer): Flow | null {
  const wire = (GetFlows.responseDeserialize(response) as WireGetFlowsResponse).flow!;
  try {
    return flowFromHubbleJson(wireToFlowJson(wire));
  } catch {
    return null;
  }
}

function newDecoder() {
  return createGetFlowsResponseDecoder(
    GetFlows.responseDeserialize,
    new FlowDecoder({
      peers: new PeerInterner({ labelSets: 16, addressesPerEndpoint: 4 }),
      endpoints: 64,
      strings: 16,
    }),
  );
}

function direct(decode: ReturnType<typeof newDecoder>, response: Buffer): Flow | null {
  const decoded = decode(response);
  if (decoded.kind !== "flow") throw new Error("expected a flow");
  return decoded.flow;
}

function expectSamePaths(responses: Buffer[]): (Flow | null)[] {
  const decode = newDecoder();
  return responses.map((response) => {
    const flow = direct(decode, response);
    expect(flow).toStrictEqual(viaJson(response));
    return flow;
  });
}

describe("FlowDecoder (wire bytes straight into Sieve's Flow)", () => {
  it("gives what the JSON path gives for every fixture, and what the fixture's JSON gives", () => {
    const decode = newDecoder();
    for (const json of hubbleFixtures()) {
      const response = encode(flowJsonToWire(json));
      const flow = direct(decode, response);
      expect(flow).toStrictEqual(viaJson(response));
      expect(flow).toStrictEqual(flowFromHubbleJson(json));
    }
  });

  it("gives what the JSON path gives for the demo's generated traffic", () => {
    const now = Date.UTC(2025, 4, 14, 10);
    const generator = createTrafficGenerator(homelabObjects(now), { now: () => now });
    const flows = generator.backfill(now - 3 * 60_000, now);
    expect(flows.length).toBeGreaterThan(1_000);
    expectSamePaths(flows.map((json) => encode(flowJsonToWire(json))));
  });

  it("gives what the JSON path gives for random messages with awkward values", () => {
    const random = seededRandom("flow-decoder/awkward");
    const responses = Array.from({ length: 4_000 }, () => encode(randomWireFlow(random)));
    const flows = expectSamePaths(responses);
    // The sample reaches the awkward corners, not only well-formed flows.
    const placed = flows.filter((flow) => flow !== null);
    expect(placed.length).toBeLessThan(flows.length);
    expect(placed.some((flow) => flow.id.startsWith("digest-"))).toBe(true);
    expect(placed.some((flow) => flow.verdict === "UNKNOWN" && flow.dropReason === null)).toBe(true);
    expect(placed.some((flow) => flow.dropReason !== null)).toBe(true);
    expect(placed.some((flow) => flow.l7?.dns && flow.l7.http)).toBe(true);
    expect(
      placed.some((flow) => flow.destination.reserved === "world" && flow.destination.dnsNames.length > 0),
    ).toBe(true);
    expect(placed.some((flow) => flow.policies.egressDeniedBy.length > 0)).toBe(true);
  });

  it("merges a flow sent in two parts as the generic decoder does", () => {
    const random = seededRandom("flow-decoder/in-two-parts");
    const responses = Array.from({ length: 1_000 }, () => {
      const first = flowBytes(encode(randomWireFlow(random)));
      const second = flowBytes(encode(randomWireFlow(random)));
      return responseOf(Buffer.concat([first, second]));
    });
    expectSamePaths(responses);
  });

  it("skips a flow whose time RFC 3339 cannot write, as the flow feed did", () => {
    const decode = newDecoder();
    for (const seconds of ["253402300800", "-62167219201"]) {
      const response = encode({ time: { seconds, nanos: 0 }, verdict: "FORWARDED" });
      expect(viaJson(response)).toBeNull();
      expect(direct(decode, response)).toBeNull();
    }
    const lastSecond = encode({ time: { seconds: "253402300799", nanos: 999_999_999 } });
    expect(direct(decode, lastSecond)?.time).toBe(253_402_300_799_999);
    expect(direct(decode, lastSecond)).toStrictEqual(viaJson(lastSecond));
  });

  it("shares peers, labels and policy names between flows", () => {
    const decode = newDecoder();
    const json = hubbleFixtures().find((flow) => flow.ingress_denied_by)!;
    const first = direct(decode, encode(flowJsonToWire(json)))!;
    const second = direct(decode, encode(flowJsonToWire({ ...json, uuid: "another" })))!;
    expect(second.id).toBe("another");
    expect(second.source).toBe(first.source);
    expect(second.destination).toBe(first.destination);
    expect(second.policies).toBe(first.policies);
    expect(Object.isFrozen(first.source)).toBe(true);
    expect(Object.isFrozen(first.source.labels)).toBe(true);
  });

  it("hands node status and lost events to the generic decoder", () => {
    const decode = newDecoder();
    const bytes = GetFlows.responseSerialize({
      lost_events: { source: "HUBBLE_RING_BUFFER", num_events_lost: "3" },
      node_name: "relay",
    });
    const decoded = decode(bytes);
    expect(decoded).toMatchObject({
      kind: "other",
      response: { lost_events: { num_events_lost: "3" }, node_name: "relay" },
    });
  });

  it("rejects a truncated message like the generic decoder", () => {
    const decode = newDecoder();
    const response = encode(flowJsonToWire(hubbleFixtures()[0]!));
    const truncated = responseOf(flowBytes(response).subarray(0, 40));
    expect(() => GetFlows.responseDeserialize(truncated)).toThrow();
    expect(() => decode(truncated)).toThrow(RangeError);
  });
});
