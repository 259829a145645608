import "server-only";
import { Metadata, status, type ServerWritableStream } from "@grpc/grpc-js";
import { flowJsonToWire } from "@/server/hubble/wire-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import { selectHistory, withinTimeRange } from "./flow-history";
import type { FlowRing } from "./flow-ring";
import {
  InvalidRequestError,
  planGetFlows,
  type GetFlowsPlan,
  type GetFlowsRequestWire,
} from "./get-flows-request";
import { GetFlowsStream, type GetFlowsResponses } from "./get-flows-stream";
import { unknownFilterFieldsOf } from "./observer-service";

// One GetFlows call on the demo relay: validate, send the history, follow live flows if asked,
// and let go of the ring subscription however the call ends (done, until reached, cancelled, stop).

/** setTimeout's longest delay; an `until` further away ends the stream when a later flow arrives. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GetFlowsContext {
  ring: FlowRing;
  responses: GetFlowsResponses;
  maxQueued: number;
  nowNs: () => bigint;
  /** How to abort each open call, for the relay's stop(). */
  openCalls: Set<() => void>;
}

function msToWireTimestamp(ms: number): { seconds: string; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}

function flowResponse(flow: HubbleFlowJson): object {
  const wire = flowJsonToWire(flow);
  return { flow: wire, node_name: flow.node_name ?? "", time: wire.time };
}

/** The encoded GetFlowsResponse of a flow: what the ring keeps, so each flow is encoded once. */
export function encodeFlowResponse(flow: HubbleFlowJson): Buffer {
  return loadObserverProto().service.GetFlows.responseSerialize(flowResponse(flow));
}

/**
 * GetFlowsResponse messages as @grpc/proto-loader serializes them; a flow the ring holds encoded
 * goes out as those bytes (observer-service.ts passes them through).
 */
export function getFlowsResponses(relayNodeName: string, clock: () => number): GetFlowsResponses {
  return {
    flow: (stored) => stored.encoded ?? flowResponse(stored.flow),
    lost(count) {
      return {
        lost_events: { source: "HUBBLE_RING_BUFFER", num_events_lost: String(count) },
        node_name: relayNodeName,
        time: msToWireTimestamp(clock()),
      };
    },
  };
}

function planOf(request: GetFlowsRequestWire): GetFlowsPlan {
  const unknown = unknownFilterFieldsOf(request);
  if (unknown.length > 0) {
    throw new InvalidRequestError(
      `FlowFilter field ${unknown.join(", ")} is not supported by Sieve's demo relay (not in its proto)`,
    );
  }
  return planGetFlows(request);
}

export function serveGetFlows(
  call: ServerWritableStream<GetFlowsRequestWire, object>,
  { ring, responses, maxQueued, nowNs, openCalls }: GetFlowsContext,
): void {
  let plan: GetFlowsPlan;
  try {
    plan = planOf(call.request);
  } catch (error) {
    const code = error instanceof InvalidRequestError ? status.INVALID_ARGUMENT : status.INTERNAL;
    const details = (error as Error).message;
    call.emit("error", Object.assign(new Error(details), { code, details }));
    return;
  }

  let unsubscribe = () => {};
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    unsubscribe();
    clearTimeout(timer);
    openCalls.delete(abort);
  };
  const stream = new GetFlowsStream(
    call,
    responses,
    maxQueued,
    selectHistory(ring.snapshot(), plan),
    release,
  );
  const abort = () => {
    stream.close();
    release();
  };
  openCalls.add(abort);
  call.on("cancelled", abort);

  const live = plan.follow && (plan.untilNs === null || plan.untilNs >= nowNs());
  if (live) {
    unsubscribe = ring.subscribe((stored) => {
      if (plan.untilNs !== null && stored.timeNs > plan.untilNs) stream.finish();
      else if (withinTimeRange(stored, plan) && plan.selected(stored.flow)) stream.offer(stored);
    });
    if (plan.untilNs !== null) {
      const delayMs = Number((plan.untilNs - nowNs()) / 1_000_000n);
      if (delayMs <= MAX_TIMER_MS) timer = setTimeout(() => stream.finish(), delayMs);
    }
  }
  // Headers go out before any flow, so a client can tell the call was accepted (and is following).
  call.sendMetadata(new Metadata());
  stream.start();
  if (!live) stream.finish();
}
