import "server-only";
import type { Flow } from "@/lib/flows/flow";
import { FlowDecoder } from "./flow-decoder";
import { checkFlowFieldNumbers, GET_FLOWS_RESPONSE, tagOf } from "./flow-fields";
import type { WireGetFlowsResponse } from "./wire-flow";
import { LENGTH_DELIMITED, WireReader } from "./wire-reader";

// observer.GetFlowsResponse, the message of every GetFlows stream: flows (nearly all of them) are
// decoded straight into Sieve's model; node status and lost-event answers go through the generic
// decoder, as they are rare.

const RESPONSE_FLOW = tagOf(GET_FLOWS_RESPONSE.flow, LENGTH_DELIMITED);
const RESPONSE_NODE_NAME = tagOf(GET_FLOWS_RESPONSE.node_name, LENGTH_DELIMITED);

export type DecodedGetFlowsResponse =
  { kind: "flow"; flow: Flow | null; nodeName: string } | { kind: "other"; response: WireGetFlowsResponse };

export function createGetFlowsResponseDecoder(
  generic: (bytes: Buffer) => object,
  flows: FlowDecoder = new FlowDecoder(),
): (buf: Buffer, start?: number, end?: number) => DecodedGetFlowsResponse {
  checkFlowFieldNumbers();
  const reader = new WireReader();
  return (buf, start = 0, end = buf.length) => {
    reader.reset(buf, start, end);
    let flowStart = -1;
    let flowEnd = -1;
    let nodeName = "";
    while (reader.pos < end) {
      const tag = reader.uint32();
      if (tag === RESPONSE_FLOW) {
        flowEnd = reader.delimitedEnd();
        flowStart = reader.pos;
        reader.pos = flowEnd;
      } else if (tag === RESPONSE_NODE_NAME) {
        nodeName = reader.string();
      } else {
        reader.skip(tag & 7);
      }
    }
    reader.expectEnd(end);
    if (flowStart === -1) {
      return { kind: "other", response: generic(buf.subarray(start, end)) as WireGetFlowsResponse };
    }
    return { kind: "flow", flow: flows.decode(buf, flowStart, flowEnd), nodeName };
  };
}
