import "server-only";
import type { FlowFilterJson } from "@/lib/hubble/flow-filter";
import { compileFlowSelection, FlowFilterError, type FlowPredicate } from "@/lib/hubble/flow-filter-match";

// observer.GetFlowsRequest as @grpc/proto-loader decodes it (longs as strings, no defaults), and the
// plan the demo relay serves it by. Invalid requests fail as Hubble fails them: INVALID_ARGUMENT.

export interface WireTimestampInput {
  seconds?: string | number;
  nanos?: number;
}

export interface GetFlowsRequestWire {
  number?: string | number;
  first?: boolean;
  follow?: boolean;
  whitelist?: FlowFilterJson[];
  blacklist?: FlowFilterJson[];
  since?: WireTimestampInput | null;
  until?: WireTimestampInput | null;
}

export interface GetFlowsPlan {
  /** How many matching flows of history to send; Infinity for all. */
  number: number;
  first: boolean;
  follow: boolean;
  sinceNs: bigint | null;
  untilNs: bigint | null;
  selected: FlowPredicate;
}

/** A request Hubble would answer with INVALID_ARGUMENT. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRequestError";
  }
}

// google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;

function timestampNs(name: string, timestamp: WireTimestampInput | null | undefined): bigint | null {
  if (!timestamp) return null;
  let seconds: bigint;
  try {
    seconds = BigInt(timestamp.seconds ?? 0);
  } catch {
    throw new InvalidRequestError(`invalid ${name} timestamp: seconds ${String(timestamp.seconds)}`);
  }
  const nanos = timestamp.nanos ?? 0;
  if (
    seconds < MIN_SECONDS ||
    seconds > MAX_SECONDS ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos > 999_999_999
  ) {
    throw new InvalidRequestError(`invalid ${name} timestamp: ${JSON.stringify(timestamp)}`);
  }
  return seconds * 1_000_000_000n + BigInt(nanos);
}

function flowCount(number: string | number | undefined): number {
  const value = BigInt(number ?? 0);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
}

/** Validates a GetFlows request and compiles its filters; throws InvalidRequestError. */
export function planGetFlows(request: GetFlowsRequestWire): GetFlowsPlan {
  const first = request.first === true;
  const follow = request.follow === true;
  if (first && follow) throw new InvalidRequestError("first cannot be specified with follow");
  const sinceNs = timestampNs("since", request.since);
  const untilNs = timestampNs("until", request.until);
  if (sinceNs !== null && untilNs !== null && untilNs < sinceNs) {
    throw new InvalidRequestError("until must not be before since");
  }
  let selected: FlowPredicate;
  try {
    selected = compileFlowSelection(request.whitelist ?? [], request.blacklist ?? []);
  } catch (error) {
    if (error instanceof FlowFilterError) throw new InvalidRequestError(error.message);
    throw error;
  }
  return { number: flowCount(request.number), first, follow, sinceNs, untilNs, selected };
}
