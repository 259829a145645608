import "server-only";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";

// The nodes whose Hubble servers the demo relay stands for: the ones it was started with and
// every node a published flow names. Like Hubble Relay's peer pool, each is connected or
// unavailable; the relay reports them in ServerStatus and GetNodes and is healthy while at least
// one is connected.

export interface DemoRelayNode {
  /** As flows name it: <cluster>/<node>. */
  name: string;
  /** host:port of the node's Hubble server; "" when unknown. */
  address?: string;
}

export interface RelayNodeView {
  name: string;
  address: string;
  available: boolean;
}

/** Hubble Relay lists at most this many unavailable nodes in ServerStatus. */
const UNAVAILABLE_REPORT_MAX = 10;

export class DemoRelayNodes {
  private readonly nodes = new Map<string, { address: string; available: boolean }>();
  private readonly seenByNode = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(initial: readonly DemoRelayNode[] = []) {
    for (const node of initial) this.nodes.set(node.name, { address: node.address ?? "", available: true });
  }

  record(flow: HubbleFlowJson): void {
    const name = flow.node_name;
    if (!name) return;
    this.seenByNode.set(name, (this.seenByNode.get(name) ?? 0) + 1);
    if (this.nodes.has(name)) return;
    this.nodes.set(name, { address: "", available: true });
    this.changed();
  }

  /** Marks a node connected or unavailable, adding it when new. */
  setAvailable(name: string, available: boolean): void {
    const node = this.nodes.get(name);
    if (node?.available === available) return;
    this.nodes.set(name, { address: node?.address ?? "", available });
    this.changed();
  }

  /** Flows published from the node so far. */
  seen(name: string): number {
    return this.seenByNode.get(name) ?? 0;
  }

  /** Sorted by name. */
  list(): RelayNodeView[] {
    return [...this.nodes]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, node]) => ({ name, ...node }));
  }

  counts(): { connected: number; unavailable: number; unavailableNames: string[] } {
    const nodes = this.list();
    const unavailable = nodes.filter((node) => !node.available).map((node) => node.name);
    return {
      connected: nodes.length - unavailable.length,
      unavailable: unavailable.length,
      unavailableNames: unavailable.slice(0, UNAVAILABLE_REPORT_MAX),
    };
  }

  /** Called after every change of the node set or of a node's state; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
