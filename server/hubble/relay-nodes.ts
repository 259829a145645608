import "server-only";
import { status } from "@grpc/grpc-js";
import { HubbleRelayError, type NodeJson, type ObserverClient } from "./client";

// What the relay says of the nodes behind it: ServerStatus's counts (every Hubble server has
// them) and, from a relay, GetNodes's list. A Hubble server that is not a relay answers GetNodes
// with UNIMPLEMENTED; that is "no list", not a failure.

export interface RelayNodes {
  /** Nodes the relay is connected to; null when the server did not say. */
  connected: number | null;
  unavailable: number | null;
  /** Up to ten unavailable nodes, as the relay lists them. */
  unavailableNames: string[];
  /** Every node with its state and counters; null when the server lists none (not a relay). */
  nodes: NodeJson[] | null;
}

export async function readRelayNodes(client: ObserverClient): Promise<RelayNodes> {
  const [serverStatus, nodes] = await Promise.all([
    client.serverStatus(),
    client.getNodes().catch((error: unknown) => {
      if (error instanceof HubbleRelayError && error.code === status.UNIMPLEMENTED) return null;
      throw error;
    }),
  ]);
  return {
    connected: serverStatus.num_connected_nodes,
    unavailable: serverStatus.num_unavailable_nodes,
    unavailableNames: serverStatus.unavailable_nodes,
    nodes,
  };
}
