import { describe, expect, it } from "vitest";
import { hubbleFixtures } from "@/lib/hubble/fixtures";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import type { WireGetFlowsResponse } from "@/server/hubble/wire-flow";
import { flowJsonToWire, wireToFlowJson } from "@/server/hubble/wire-json";
import { FlowRing } from "./flow-ring";
import { encodeFlowResponse, getFlowsResponses } from "./get-flows-call";
import { observerServiceDefinition } from "./observer-service";

// The relay encodes each flow once, when it is published, and every GetFlows call that sends the
// flow writes those bytes: followers and history requests do not re-encode it.

describe("flows encoded once by the demo relay", () => {
  it("keeps each published flow's GetFlowsResponse bytes, encoding it once", () => {
    let encodings = 0;
    const ring = new FlowRing(8, (flow) => {
      encodings += 1;
      return encodeFlowResponse(flow);
    });
    for (const flow of hubbleFixtures()) ring.push(flow);
    const responses = getFlowsResponses("relay", () => 0);
    const first = ring.snapshot().map((stored) => responses.flow(stored));
    const second = ring.snapshot().map((stored) => responses.flow(stored));
    expect(encodings).toBe(hubbleFixtures().length);
    second.forEach((bytes, i) => expect(bytes).toBe(first[i]));
  });

  it("encodes what the generic encoder would send, and the service writes those bytes as they are", () => {
    const { GetFlows } = loadObserverProto().service;
    const serialize = observerServiceDefinition().GetFlows!.responseSerialize;
    for (const json of hubbleFixtures()) {
      const bytes = encodeFlowResponse(json);
      expect(serialize(bytes)).toBe(bytes);
      const decoded = GetFlows.responseDeserialize(bytes) as WireGetFlowsResponse;
      expect(wireToFlowJson(decoded.flow!)).toEqual(json);
      expect(decoded.node_name).toBe(json.node_name);
      expect(decoded.time).toEqual(flowJsonToWire(json).time);
    }
  });

  it("still encodes a response given as an object", () => {
    const serialize = observerServiceDefinition().GetFlows!.responseSerialize;
    const lost = getFlowsResponses("relay", () => 1_000).lost(3);
    expect(Buffer.isBuffer(serialize(lost))).toBe(true);
  });
});
