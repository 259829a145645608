import "server-only";
import type { HubbleSettings } from "@/lib/config/sieve-config";
import type { FlowsEntry } from "@/lib/flows-view/flow-row";
import type { FlowsQuery } from "@/lib/flows-view/flows-query";
import { observeRangeOf, sinceStart } from "@/lib/flows-view/flows-query";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import { compileFlowSelection } from "@/lib/hubble/flow-filter-match";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { observeCommand } from "@/lib/hubble/observe-command";
import { formatTimestamp, msToTimestamp, parseTimestamp, timestampToMs } from "@/lib/hubble/timestamp";
import { createObserverClient, type ObserverClient } from "./hubble/client";
import type { GetFlowsRequestJson } from "./hubble/get-flows-request";
import type { SieveRuntime } from "./runtime";

// The flows view asks the relay itself, one bounded GetFlows per request (`hubble observe --last N`
// with the view's filters as FlowFilters), so only the flows shown leave the relay; the runtime's
// shared feed, which follows every flow, is not involved. Following is the client polling with
// `since` set to its newest flow. Streams are capped in number and in time, and each returns at
// most MAX_FLOWS_LAST flows, so memory stays bounded however busy the cluster is.

/** GetFlows streams the flows view may hold open at once; more are refused (503). */
export const MAX_CONCURRENT_FLOW_QUERIES = 4;
/** A query that has not ended by then is cancelled (504). */
export const FLOW_QUERY_TIMEOUT_MS = 10_000;
/** How long a relay's buffer start is reused: the oldest flow of a ring buffer moves slowly. */
export const BUFFER_START_TTL_MS = 10_000;
/** The buffer-start call's own bound: one flow, and the answer does without it when it is late. */
export const BUFFER_START_TIMEOUT_MS = 2_000;

export type FlowsResult = { ok: true; value: FlowsResponse } | { ok: false; status: number; error: string };

const GRPC_INVALID_ARGUMENT = 3;

let open = 0;

/** One channel per relay address for the process; gRPC multiplexes the streams on it. */
const CLIENT_KEY = Symbol.for("sieve.flows-view.client");

function sharedClient(settings: HubbleSettings): ObserverClient {
  const holder = globalThis as { [CLIENT_KEY]?: ObserverClient };
  const current = holder[CLIENT_KEY];
  if (current && current.address === settings.address) return current;
  current?.close();
  holder[CLIENT_KEY] = createObserverClient(settings);
  return holder[CLIENT_KEY];
}

/** The relay to ask for the runtime's configuration, or why there is none. */
export function flowsClientOf(
  runtime: SieveRuntime,
): { client: ObserverClient } | { status: number; error: string } {
  if (runtime.config.preview) {
    return { status: 503, error: "a repository preview has no Hubble Relay to ask for flows" };
  }
  const problem = runtime.problems.find((p) => p.section === "hubble");
  if (problem) return { status: 503, error: `Hubble Relay is not configured: ${problem.message}` };
  try {
    return { client: sharedClient(runtime.config.hubble) };
  } catch (error) {
    return { status: 503, error: (error instanceof Error ? error.message : String(error)).split("\n")[0]! };
  }
}

type StreamResult = { ok: true } | { ok: false; status: number; error: string };

/** One bounded GetFlows, each flow handed to `onFlow`; cancelled after `timeoutMs`. */
function streamFlows(
  client: ObserverClient,
  request: GetFlowsRequestJson,
  timeoutMs: number,
  onFlow: (flow: HubbleFlowJson, nodeName: string) => void,
): Promise<StreamResult> {
  return new Promise<StreamResult>((resolve) => {
    const timer = setTimeout(() => {
      stream.cancel();
      resolve({
        ok: false,
        status: 504,
        error: `Hubble Relay at ${client.address} did not answer within ${timeoutMs / 1000} s`,
      });
    }, timeoutMs);
    const stream = client.getFlows(request, {
      onFlow,
      onEnd() {
        clearTimeout(timer);
        resolve({ ok: true });
      },
      onError(error) {
        clearTimeout(timer);
        // INVALID_ARGUMENT: the relay refused a filter; anything else is the relay's failure.
        resolve({
          ok: false,
          status: error.code === GRPC_INVALID_ARGUMENT ? 400 : 502,
          error: error.message,
        });
      },
    });
  });
}

function flowMs(flow: HubbleFlowJson): number | null {
  const time = parseTimestamp(flow.time);
  return time === null ? null : timestampToMs(time);
}

/**
 * From when the relay holds flows: its oldest flow (`first`, one flow). A relay of several nodes may
 * send each node's oldest; the latest of them is from when every node still holds its flows.
 * Null when the relay holds none or does not answer: nothing is claimed then.
 */
async function relayBufferStart(client: ObserverClient, timeoutMs: number): Promise<number | null> {
  let start: number | null = null;
  const result = await streamFlows(client, { number: 1, first: true }, timeoutMs, (flow) => {
    const ms = flowMs(flow);
    if (ms !== null && (start === null || ms > start)) start = ms;
  });
  return result.ok ? start : null;
}

/** Per flows client: when its buffer start was asked (by the queries' clock), and the answer. */
const bufferStarts = new WeakMap<ObserverClient, { at: number; start: Promise<number | null> }>();

/** The relay's buffer start, asked at most once per BUFFER_START_TTL_MS per client. */
function cachedBufferStart(client: ObserverClient, now: number, timeoutMs: number): Promise<number | null> {
  const held = bufferStarts.get(client);
  if (held && now >= held.at && now - held.at < BUFFER_START_TTL_MS) return held.start;
  const start = relayBufferStart(client, Math.min(timeoutMs, BUFFER_START_TIMEOUT_MS));
  bufferStarts.set(client, { at: now, start });
  return start;
}

/**
 * Runs the query against the relay: `hubble observe <flags> --last N [--since …]`. When the first
 * flow the relay sends is later than `since` (or none comes), the relay is asked for its oldest
 * flow (cached for BUFFER_START_TTL_MS), so the answer can say that the time asked is older than
 * what the relay still holds.
 */
export async function queryFlows(
  client: ObserverClient,
  query: FlowsQuery,
  now: number,
  timeoutMs = FLOW_QUERY_TIMEOUT_MS,
): Promise<FlowsResult> {
  if (open >= MAX_CONCURRENT_FLOW_QUERIES) {
    return { ok: false, status: 503, error: "too many flow queries at once; try again in a moment" };
  }
  const { whitelist, blacklist } = query.selection;
  // Applied again here: a relay older than a filter field ignores it and would send too much.
  const selected = compileFlowSelection(whitelist, blacklist);
  const since = query.since === null ? undefined : sinceStart(query.since, now);
  open += 1;
  try {
    const flows: FlowsEntry[] = [];
    let relayFlows = 0;
    let firstMs: number | null = null;
    // One more than asked: whether the relay had more than `last` cannot be told otherwise.
    const result = await streamFlows(
      client,
      { number: query.last + 1, since, whitelist, blacklist },
      timeoutMs,
      (flow, nodeName) => {
        relayFlows += 1;
        if (relayFlows === 1) firstMs = flowMs(flow);
        if (selected(flow)) flows.push({ flow, node_name: nodeName });
      },
    );
    if (!result.ok) return result;
    const start =
      since !== undefined && (firstMs === null || firstMs > since)
        ? await cachedBufferStart(client, now, timeoutMs)
        : null;
    const truncated = flows.length > query.last;
    return {
      ok: true,
      value: {
        now,
        command: observeCommand(query.flags, observeRangeOf(query)),
        whitelist,
        blacklist,
        flows: truncated ? flows.slice(flows.length - query.last) : flows,
        relayFlows,
        truncated,
        bufferFrom:
          start !== null && since !== undefined && start > since
            ? formatTimestamp(msToTimestamp(start))
            : null,
      },
    };
  } finally {
    open -= 1;
  }
}
