import "server-only";
import type { FlowFilterJson } from "@/lib/hubble/flow-filter";
import { msToTimestamp } from "@/lib/hubble/timestamp";
import type { WireTimestamp } from "./wire-flow";

/** observer.GetFlowsRequest, with times as milliseconds or Dates. */
export interface GetFlowsRequestJson {
  /** How many flows; 0 or absent with `since` means all flows since then. */
  number?: number;
  /** Take the oldest `number` flows instead of the newest. */
  first?: boolean;
  /** Keep the stream open and send flows as they happen. */
  follow?: boolean;
  since?: number | Date;
  until?: number | Date;
  whitelist?: FlowFilterJson[];
  blacklist?: FlowFilterJson[];
}

export interface WireGetFlowsRequest {
  number?: string;
  first?: boolean;
  follow?: boolean;
  since?: WireTimestamp;
  until?: WireTimestamp;
  whitelist?: FlowFilterJson[];
  blacklist?: FlowFilterJson[];
}

function wireTime(time: number | Date | undefined): WireTimestamp | undefined {
  if (time === undefined) return undefined;
  const ms = time instanceof Date ? time.getTime() : time;
  if (!Number.isFinite(ms)) throw new Error(`GetFlows: ${String(time)} is not a time`);
  const { seconds, nanos } = msToTimestamp(ms);
  return { seconds: String(seconds), nanos };
}

export function getFlowsRequestToWire(request: GetFlowsRequestJson): WireGetFlowsRequest {
  if (request.number !== undefined && !(Number.isSafeInteger(request.number) && request.number >= 0)) {
    throw new Error(`GetFlows: number must be a whole number ≥ 0, got ${request.number}`);
  }
  const wire: WireGetFlowsRequest = {};
  if (request.number) wire.number = String(request.number);
  if (request.first) wire.first = true;
  if (request.follow) wire.follow = true;
  const since = wireTime(request.since);
  const until = wireTime(request.until);
  if (since) wire.since = since;
  if (until) wire.until = until;
  if (request.whitelist?.length) wire.whitelist = request.whitelist;
  if (request.blacklist?.length) wire.blacklist = request.blacklist;
  return wire;
}
