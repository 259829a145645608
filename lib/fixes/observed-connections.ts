// Observed flows folded into the connections policies decide on: thousands of flows between the
// same identities on the same port are one question for the evaluator.

import { isPolicyDropReason, isUnreportedDropReason } from "@/lib/drops/drop-reasons";
import type { Flow } from "@/lib/flows/flow";
import type { ConnectionQuery } from "@/lib/evaluator/connection-query";
import { connectionKey, queryFromFlow } from "@/lib/evaluator/flow-query";

/** A drop a policy change can fix: policy denied it (or Hubble did not say why). */
export function isFixableDrop(flow: Flow): boolean {
  if (flow.verdict !== "DROPPED" && flow.verdict !== "AUDIT") return false;
  const reason = flow.dropReason;
  // Mutual authentication is not something a label or a rule grants.
  if (reason === "AUTH_REQUIRED") return false;
  return isUnreportedDropReason(reason) || isPolicyDropReason(reason);
}

export interface ObservedConnection {
  key: string;
  query: ConnectionQuery;
  /** Fixable drops observed for this connection. */
  drops: number;
  /** Forwarded flows observed for this connection. */
  forwarded: number;
  /** The most recent flow, for examples. */
  sample: Flow;
}

function touches(flow: Flow, namespaces: ReadonlySet<string> | null): boolean {
  if (!namespaces) return true;
  return (
    (flow.source.namespace !== null && namespaces.has(flow.source.namespace)) ||
    (flow.destination.namespace !== null && namespaces.has(flow.destination.namespace))
  );
}

/**
 * Fixable drops and forwarded flows, by connection. With `namespaces`, only flows with a side in
 * one of them (what a change to those namespaces can affect).
 */
export function observedConnections(
  flows: Iterable<Flow>,
  namespaces: ReadonlySet<string> | null = null,
): ObservedConnection[] {
  const connections = new Map<string, ObservedConnection>();
  for (const flow of flows) {
    const drop = isFixableDrop(flow);
    if (!drop && flow.verdict !== "FORWARDED") continue;
    if (!touches(flow, namespaces)) continue;
    const query = queryFromFlow(flow);
    const key = connectionKey(query);
    let connection = connections.get(key);
    if (!connection) {
      connection = { key, query, drops: 0, forwarded: 0, sample: flow };
      connections.set(key, connection);
    }
    if (drop) connection.drops++;
    else connection.forwarded++;
    if (flow.time >= connection.sample.time) connection.sample = flow;
  }
  return [...connections.values()];
}
