import type { Conventions } from "@/lib/conventions/conventions";
import type { Flow, FlowPeer } from "@/lib/flows/flow";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import type { ClusterFacts } from "./cluster-facts";
import { classifyDrop, type DropClassification } from "./classify-drop";

// A busy drop repeats: thousands of flows of one conversation, each classified alike. The drop
// table's answer depends on the conversation — both peers, the service port, protocol, verdict,
// reason, direction, role and the policies that denied it — and on the cluster facts, never on the
// flow's time or ephemeral port; so it is computed once per conversation and kept in a bounded
// cache. Its answers equal classifyDrop's (drop-classifier.test.ts compares both).

export const DEFAULT_DROP_CLASSIFIER_CAPACITY = 4_096;

/**
 * Classifies drops against one set of cluster facts and conventions, with evidence commands over one
 * window; make a new one when they change.
 */
export class DropClassifier {
  private readonly cache: BoundedCache<string, DropClassification>;
  /** Peers are shared objects on the wire path (lib/hubble/peer-interner): numbered, not spelled out. */
  private readonly peerNumbers = new WeakMap<FlowPeer, number>();
  private nextPeer = 0;
  /** The denying policies as a key, once per frozen policies object (the wire path shares them between flows). */
  private readonly deniedKeys = new WeakMap<Flow["policies"], string>();

  constructor(
    private readonly facts: ClusterFacts,
    private readonly conventions: Conventions,
    private readonly windowMs: number = DEFAULT_GRAPH_WINDOW_MS,
    capacity = DEFAULT_DROP_CLASSIFIER_CAPACITY,
  ) {
    this.cache = new BoundedCache(capacity);
  }

  /** classifyDrop(flow, facts, conventions, null, windowMs), the same answer object for flows of one conversation. */
  classify(flow: Flow): DropClassification {
    const key = this.conversationKey(flow);
    let classification = this.cache.get(key);
    if (classification === undefined) {
      classification = classifyDrop(flow, this.facts, this.conventions, null, this.windowMs);
      this.cache.set(key, classification);
    }
    return classification;
  }

  private conversationKey(flow: Flow): string {
    const deniedBy = this.deniedKey(flow.policies);
    // A reply's service port is its source port (connectionOf, observeSelectionOfFlow).
    const servicePort = flow.isReply === true ? flow.sourcePort : flow.destinationPort;
    return (
      `${this.peerNumber(flow.source)} ${this.peerNumber(flow.destination)} ${servicePort} ${flow.protocol} ` +
      `${flow.verdict} ${flow.dropReason} ${flow.direction} ${flow.isReply} ${deniedBy}`
    );
  }

  private deniedKey(policies: Flow["policies"]): string {
    const { egressDeniedBy, ingressDeniedBy } = policies;
    if (egressDeniedBy.length === 0 && ingressDeniedBy.length === 0) return "";
    let key = this.deniedKeys.get(policies);
    if (key === undefined) {
      key = JSON.stringify([egressDeniedBy, ingressDeniedBy]);
      if (Object.isFrozen(policies)) this.deniedKeys.set(policies, key);
    }
    return key;
  }

  private peerNumber(peer: FlowPeer): number {
    let number = this.peerNumbers.get(peer);
    if (number === undefined) {
      number = this.nextPeer++;
      this.peerNumbers.set(peer, number);
    }
    return number;
  }
}
