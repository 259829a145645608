// From an observed flow to a connection query, and back from an endpoint to the entities that name it.
//
// A reply travels from the responder back to the initiator, so it is turned around: policies judge
// the connection, which the initiator opened. A pod's namespace labels are not taken from the flow
// (Hubble reports them as they were) but from the evaluation context, so that a proposed label
// change shows in the verdict.

import { connectionOf } from "@/lib/drops/drop-rule-match";
import type { Flow, FlowPeer } from "@/lib/flows/flow";
import { CILIUM_ENTITIES } from "@/lib/policy/entities";
import { peerMatchesRemote, type Remote } from "@/lib/policy/rule-match";
import { NAMESPACE_LABELS_PREFIX, POD_NAMESPACE_LABEL, SERVICE_ACCOUNT_LABEL } from "@/lib/policy/selector";
import type { AnyEndpoint, ConnectionQuery, DestinationEndpoint, PodEndpoint } from "./connection-query";

function podOf(peer: FlowPeer, namespace: string): PodEndpoint {
  const labels: Record<string, string> = {};
  let serviceAccount: string | undefined;
  for (const [key, value] of Object.entries(peer.labels)) {
    if (key === SERVICE_ACCOUNT_LABEL) serviceAccount = value;
    else if (key !== POD_NAMESPACE_LABEL && !key.startsWith(NAMESPACE_LABELS_PREFIX)) labels[key] = value;
  }
  const pod: PodEndpoint = { kind: "pod", namespace, labels };
  if (serviceAccount !== undefined) pod.serviceAccount = serviceAccount;
  const name = peer.pod ?? peer.workload;
  if (name) pod.name = name;
  return pod;
}

function outsideOf(peer: FlowPeer): DestinationEndpoint {
  if (peer.ip) return { kind: "cidr", cidr: peer.ip, dnsNames: peer.dnsNames };
  const name = peer.dnsNames[0];
  if (name) return { kind: "fqdn", name };
  return { kind: "entity", entity: "world" };
}

/** The flow's peer as the evaluator sees it: a pod, a reserved identity, or an address outside. */
export function endpointOfPeer(peer: FlowPeer): DestinationEndpoint {
  // A host-network pod has the node's identity, whatever namespace Hubble names.
  if (peer.reserved === "world") return outsideOf(peer);
  if (peer.reserved !== null) return { kind: "entity", entity: peer.reserved };
  if (peer.namespace !== null) return podOf(peer, peer.namespace);
  return outsideOf(peer);
}

/** The connection the flow belongs to: initiator, responder, the port it was opened to. */
export function queryFromFlow(flow: Flow): ConnectionQuery {
  const connection = connectionOf(flow);
  const source = endpointOfPeer(connection.initiator);
  return {
    // A DNS name alone only describes a destination; as a source, it is some address outside.
    source: source.kind === "fqdn" ? { kind: "entity", entity: "world" } : source,
    destination: endpointOfPeer(connection.responder),
    port: connection.port,
    protocol: connection.protocol,
  };
}

function endpointKey(endpoint: AnyEndpoint): string {
  switch (endpoint.kind) {
    case "pod": {
      const labels = Object.keys(endpoint.labels)
        .sort()
        .map((k) => `${k}=${endpoint.labels[k]}`)
        .join(",");
      return `p:${endpoint.namespace}:${endpoint.serviceAccount ?? ""}:${labels}`;
    }
    case "entity":
      return `e:${endpoint.entity}`;
    case "cidr":
      return `c:${endpoint.cidr}:${(endpoint.dnsNames ?? []).join(",")}`;
    case "fqdn":
      return `f:${endpoint.name}:${endpoint.ip ?? ""}`;
  }
}

/** Equal for connections policies cannot tell apart (same identities, port and protocol). */
export function connectionKey(query: ConnectionQuery): string {
  return `${endpointKey(query.source)}|${endpointKey(query.destination)}|${query.port ?? ""}|${query.protocol ?? ""}`;
}

function entityRemote(endpoint: AnyEndpoint): Remote {
  switch (endpoint.kind) {
    case "pod":
      return { kind: "endpoint", labels: { [POD_NAMESPACE_LABEL]: endpoint.namespace } };
    case "entity":
      return { kind: "entity", entity: endpoint.entity };
    case "cidr":
      return { kind: "address", cidr: endpoint.cidr };
    case "fqdn":
      return { kind: "fqdn", name: endpoint.name };
  }
}

/** The Cilium entities a toEntities/fromEntities rule could name to match this endpoint. */
export function entitiesOfEndpoint(endpoint: AnyEndpoint): string[] {
  const remote = entityRemote(endpoint);
  return CILIUM_ENTITIES.filter((entity) => peerMatchesRemote({ type: "entity", entity }, remote));
}
