import "server-only";
import type { HubbleSettings } from "@/lib/config/sieve-config";
import type { FlowsEntry } from "@/lib/flows-view/flow-row";
import type { FlowsQuery } from "@/lib/flows-view/flows-query";
import { observeRangeOf } from "@/lib/flows-view/flows-query";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import { compileFlowSelection } from "@/lib/hubble/flow-filter-match";
import { observeCommand } from "@/lib/hubble/observe-command";
import { createObserverClient, type ObserverClient } from "./hubble/client";
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

/** Runs the query against the relay: `hubble observe <flags> --last N [--since …]`. */
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
  const since =
    query.since === null ? undefined : "at" in query.since ? query.since.at : now - query.since.ago;
  open += 1;
  try {
    return await new Promise<FlowsResult>((resolve) => {
      const flows: FlowsEntry[] = [];
      let relayFlows = 0;
      const timer = setTimeout(() => {
        stream.cancel();
        resolve({
          ok: false,
          status: 504,
          error: `Hubble Relay at ${client.address} did not answer within ${timeoutMs / 1000} s`,
        });
      }, timeoutMs);
      // One more than asked: whether the relay had more than `last` cannot be told otherwise.
      const stream = client.getFlows(
        { number: query.last + 1, since, whitelist, blacklist },
        {
          onFlow(flow, nodeName) {
            relayFlows += 1;
            if (selected(flow)) flows.push({ flow, node_name: nodeName });
          },
          onEnd() {
            clearTimeout(timer);
            const truncated = flows.length > query.last;
            resolve({
              ok: true,
              value: {
                now,
                command: observeCommand(query.flags, observeRangeOf(query)),
                whitelist,
                blacklist,
                flows: truncated ? flows.slice(flows.length - query.last) : flows,
                relayFlows,
                truncated,
              },
            });
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
        },
      );
    });
  } finally {
    open -= 1;
  }
}
