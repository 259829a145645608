import type { FlowPeer, ReservedIdentity } from "@/lib/flows/flow";
import { BoundedCache } from "./bounded-cache";
import { NO_STRINGS } from "./flow-shared";
import { labelRecord, reservedIdentity } from "./labels";

// Millions of flows come from a few thousand endpoints: the peers of flows (and their label
// records) are shared objects, so flows kept in memory cost a pointer per peer, and a peer's
// labels are parsed once per label set rather than once per flow. The objects are frozen because
// they are shared: a consumer changing one would change every flow that holds it.
//
// Callers find the endpoint of a flow in their own cache (by the endpoint's bytes on the wire, by
// its fields in JSON) and ask the interner for the peer at the flow's address.

/** What an endpoint says about a peer, apart from the flow's own addresses. */
export interface EndpointFacts {
  namespace: string | null;
  pod: string | null;
  workload: string | null;
  labels: Readonly<Record<string, string>>;
  identity: number;
  reserved: ReservedIdentity | null;
}

/** An endpoint's facts and the peers (one per address and DNS names) seen with them. */
export interface InternedEndpoint {
  readonly facts: EndpointFacts;
  lastIp: string | null;
  lastPeer: FlowPeer | null;
  /** Further addresses; most endpoints (a pod) only ever have one. */
  peers: BoundedCache<string | null, FlowPeer> | null;
  /** Peers with DNS names (world destinations), by address and names. */
  namedPeers: BoundedCache<string, FlowPeer> | null;
}

interface LabelFacts {
  labels: Readonly<Record<string, string>>;
  /** The reserved identity the labels name, or undefined when only the number can tell. */
  reserved: ReservedIdentity | undefined;
}

export interface PeerInternerOptions {
  /** Distinct label sets remembered. */
  labelSets: number;
  /** Distinct addresses remembered per endpoint (world and host endpoints have many). */
  addressesPerEndpoint: number;
}

export const DEFAULT_PEER_INTERNER_OPTIONS: PeerInternerOptions = {
  labelSets: 4_096,
  addressesPerEndpoint: 256,
};

export class PeerInterner {
  private readonly options: PeerInternerOptions;
  private readonly labelSets: BoundedCache<string, LabelFacts>;

  constructor(options: Partial<PeerInternerOptions> = {}) {
    this.options = { ...DEFAULT_PEER_INTERNER_OPTIONS, ...options };
    this.labelSets = new BoundedCache(this.options.labelSets);
  }

  /** A new endpoint, sharing its label record with recent endpoints of the same labels. */
  endpoint(
    namespace: string | null,
    pod: string | null,
    workload: string | null,
    labels: readonly string[],
    identity: number,
  ): InternedEndpoint {
    const labelFacts = this.labelFacts(labels);
    const facts: EndpointFacts = Object.freeze({
      namespace,
      pod,
      workload,
      labels: labelFacts.labels,
      identity,
      reserved: labelFacts.reserved ?? reservedIdentity(undefined, identity),
    });
    return { facts, lastIp: null, lastPeer: null, peers: null, namedPeers: null };
  }

  /** The shared peer of this endpoint at `ip`, with the DNS names Hubble gave for it. */
  peer(endpoint: InternedEndpoint, ip: string | null, dnsNames: readonly string[]): FlowPeer {
    if (dnsNames.length > 0) return this.namedPeer(endpoint, ip, dnsNames);
    if (endpoint.lastPeer !== null && endpoint.lastIp === ip) return endpoint.lastPeer;
    let peer = endpoint.peers?.get(ip);
    if (peer === undefined) {
      peer = newPeer(endpoint.facts, ip, NO_STRINGS);
      endpoint.peers ??= new BoundedCache(this.options.addressesPerEndpoint);
      endpoint.peers.set(ip, peer);
    }
    endpoint.lastIp = ip;
    endpoint.lastPeer = peer;
    return peer;
  }

  private namedPeer(endpoint: InternedEndpoint, ip: string | null, dnsNames: readonly string[]): FlowPeer {
    const key = JSON.stringify([ip, dnsNames]);
    let peer = endpoint.namedPeers?.get(key);
    if (peer === undefined) {
      peer = newPeer(endpoint.facts, ip, Object.freeze([...dnsNames]));
      endpoint.namedPeers ??= new BoundedCache(this.options.addressesPerEndpoint);
      endpoint.namedPeers.set(key, peer);
    }
    return peer;
  }

  private labelFacts(labels: readonly string[]): LabelFacts {
    const key = JSON.stringify(labels);
    let facts = this.labelSets.get(key);
    if (facts === undefined) {
      // reservedIdentity looks at the number only when no label names one; -1 names nothing.
      facts = {
        labels: Object.freeze(labelRecord(labels)),
        reserved: reservedIdentity(labels, -1) ?? undefined,
      };
      this.labelSets.set(key, facts);
    }
    return facts;
  }
}

function newPeer(facts: EndpointFacts, ip: string | null, dnsNames: readonly string[]): FlowPeer {
  // The field order of every other FlowPeer, so that they all share one object shape.
  return Object.freeze({
    namespace: facts.namespace,
    pod: facts.pod,
    workload: facts.workload,
    labels: facts.labels as Record<string, string>,
    identity: facts.identity,
    reserved: facts.reserved,
    ip,
    dnsNames: dnsNames as string[],
  });
}
