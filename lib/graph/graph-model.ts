import { VERDICTS, type Flow, type FlowPeer, type FlowProtocol, type Verdict } from "@/lib/flows/flow";
import { l7Failure, L7_FAILURE_KINDS, type L7FailureKind } from "@/lib/flows/l7-failure";
import { isEchoReply } from "@/lib/flows/reply-inference";
import type { VerdictTally } from "@/lib/flows/verdict-counts";
import {
  edgeId,
  flowEdgeEnds,
  namespaceNodeId,
  SPECIAL_NODE_KINDS,
  type EdgeDirection,
  type EdgePort,
  type GraphNodeKind,
  type SpecialNodeKind,
} from "./graph-ids";
import type { GraphEdgeView, GraphFilter, GraphNodeView, GraphSnapshot, GraphStats } from "./graph-snapshot";
import { clampGraphWindow, MAX_GRAPH_WINDOW_MS } from "./graph-window";
import { DEFAULT_TIERS, TallyArena, VERDICT_INDEX, WindowedTally, type TierSpec } from "./windowed-tally";

export interface FlowGraphOptions {
  /** Namespace nodes kept; flows of further namespaces are drawn on the "other namespaces" node. */
  maxNamespaceNodes: number;
  /** Edges kept; beyond it the least recently seen edge is evicted. */
  maxEdges: number;
  /** Edges between one source and one target; further ports share one "other" port edge. */
  maxEdgesPerPeerPair: number;
  /** Recent dropped flows kept per edge. */
  dropSamplesPerEdge: number;
  /** Recent flows kept per edge for each other verdict. */
  samplesPerVerdict: number;
  /** Samples an edge shows in a snapshot. */
  samplesPerEdgeView: number;
  maxWorldDnsNames: number;
  /** Data older than this (relative to the newest flow) is ignored and swept away. */
  retentionMs: number;
  tiers: readonly TierSpec[];
}

export const DEFAULT_FLOW_GRAPH_OPTIONS: FlowGraphOptions = {
  maxNamespaceNodes: 1_000,
  maxEdges: 8_000,
  maxEdgesPerPeerPair: 24,
  dropSamplesPerEdge: 5,
  samplesPerVerdict: 2,
  samplesPerEdgeView: 5,
  maxWorldDnsNames: 64,
  retentionMs: MAX_GRAPH_WINDOW_MS,
  tiers: DEFAULT_TIERS,
};

const SPECIAL_NODE_LABELS: Record<SpecialNodeKind, string> = {
  world: "World",
  "kube-apiserver": "Kubernetes API server",
  host: "Host",
  "remote-node": "Remote node",
  health: "Cilium health",
  ingress: "Cilium ingress",
  unmanaged: "Unmanaged endpoint",
  init: "Initializing endpoint",
  unknown: "Unknown peer",
  "other-namespaces": "Other namespaces",
};

const PROTOCOL_INDEX: Record<FlowProtocol, number> = { TCP: 0, UDP: 1, SCTP: 2, ICMPv4: 3, ICMPv6: 4 };
const NO_PROTOCOL_INDEX = 5;
const DIRECTION_INDEX: Record<EdgeDirection, number> = { ingress: 0, egress: 1, unknown: 2 };
const NO_PORT_KEY = 0;
const OTHER_PORT_KEY = 65_537;
const UNKNOWN_PORT_KEY = 65_538;
const DROPPED_INDEX = VERDICT_INDEX.DROPPED;
const SWEEP_EVERY_MS = 10_000;

interface NodeEntry {
  id: string;
  kind: GraphNodeKind;
  namespace: string | null;
  /** Edges touching the node; a namespace node goes away with its last edge. */
  edgeCount: number;
  /** Edges from this node, by target node, then by port/protocol/direction key. */
  outgoing: Map<NodeEntry, Map<number, EdgeEntry>>;
}

interface EdgeEntry {
  id: string;
  source: NodeEntry;
  target: NodeEntry;
  key: number;
  port: EdgePort;
  protocol: FlowProtocol | null;
  direction: EdgeDirection;
  firstSeen: number;
  lastSeen: number;
  /** Per verdict index; a plain array of doubles is a fraction of a typed array's size. */
  lastSeenByVerdict: number[];
  tally: WindowedTally;
  /** L7 responses reporting a failure, by L7_FAILURE_KINDS index; allocated on the first one. */
  l7Failures: WindowedTally | null;
  /**
   * Recent flows per verdict index, oldest first; each ring is allocated at its capacity and
   * fills from the end, so a full ring's first slot holds the flow to drop next.
   */
  samples: ((Flow | undefined)[] | undefined)[];
  newer: EdgeEntry | null;
  older: EdgeEntry | null;
}

/**
 * The namespace graph, fed flow by flow. Memory is bounded by the options, not by the number of
 * flows: counts live in fixed time buckets, samples in small rings, and nodes and edges are capped.
 *
 * Replies: a forwarded reply is skipped, because its request already stands for the connection
 * and counting both would double every connection and draw a reverse edge to an ephemeral port.
 * A reply that was not let through (dropped, error, audit) is news, so it is counted on the edge
 * of its request (peers swapped, the reply's source port as the edge's port); so is an L7
 * response reporting a failure (HTTP 5xx, a DNS error), counted apart as an L7 failure. Flows
 * without is_reply have their role inferred before they get here (lib/flows/flow-ingest); one
 * whose role stays unknown is never drawn as a service on an ephemeral port (graph-ids).
 *
 * Edge cap: the least recently seen edge is evicted, not merged into an "other" edge; the graph
 * is about the present, an old quiet edge loses least, and a merged edge would mix unrelated
 * peers under one fix. Ports get an "other" edge per peer pair instead, so a port scan cannot
 * push real edges out.
 */
export class FlowGraph {
  private readonly options: FlowGraphOptions;
  private readonly namespaceNodes = new Map<string, NodeEntry>();
  private readonly specialNodes: Record<SpecialNodeKind, NodeEntry>;
  private readonly worldDnsNames = new Map<string, number>();
  /** Where every edge's counts live. */
  private readonly tallies: TallyArena;
  private newestEdge: EdgeEntry | null = null;
  private oldestEdge: EdgeEntry | null = null;
  private edgeCount = 0;
  private newestTime = -Infinity;
  private nextSweepAt = -Infinity;
  private readonly stats: GraphStats = {
    flowsAdded: 0,
    repliesSkipped: 0,
    lateFlowsIgnored: 0,
    edgesEvicted: 0,
    flowsInOtherNamespaces: 0,
  };

  constructor(options: Partial<FlowGraphOptions> = {}) {
    this.options = { ...DEFAULT_FLOW_GRAPH_OPTIONS, ...options };
    this.tallies = new TallyArena(this.options.tiers);
    const special = {} as Record<SpecialNodeKind, NodeEntry>;
    for (const kind of SPECIAL_NODE_KINDS) {
      special[kind] = { id: kind, kind, namespace: null, edgeCount: 0, outgoing: new Map() };
    }
    this.specialNodes = special;
  }

  add(flow: Flow): void {
    this.stats.flowsAdded++;
    const time = flow.time;
    if (time > this.newestTime) this.newestTime = time;
    else if (time < this.newestTime - this.options.retentionMs) {
      this.stats.lateFlowsIgnored++;
      return;
    }
    // Sweep before resolving nodes, so a namespace slot freed by expiry is available to this flow.
    if (time >= this.nextSweepAt) {
      this.nextSweepAt = time + SWEEP_EVERY_MS;
      this.expire(time);
    }

    // A failed L7 response is an echo worth keeping: it is counted apart, as an L7 failure.
    if (isEchoReply(flow) && l7Failure(flow) === null) {
      this.stats.repliesSkipped++;
      return;
    }
    const { from, to, port } = flowEdgeEnds(flow);

    const edge = this.edgeFor(
      this.nodeFor(from),
      this.nodeFor(to),
      port,
      flow.protocol,
      flow.direction,
      time,
    );
    const verdictIndex = VERDICT_INDEX[flow.verdict] ?? VERDICT_INDEX.UNKNOWN;
    const failure = l7Failure(flow);
    // A failed L7 response is counted as a failure, not as a second flow of its connection.
    if (failure && isEchoReply(flow)) {
      (edge.l7Failures ??= new WindowedTally(this.tallies, L7_FAILURE_KINDS.length)).add(
        time,
        L7_FAILURE_KINDS.indexOf(failure.kind),
      );
    } else edge.tally.add(time, verdictIndex);
    if (time > edge.lastSeen) edge.lastSeen = time;
    if (time < edge.firstSeen) edge.firstSeen = time;
    if (time > edge.lastSeenByVerdict[verdictIndex]!) edge.lastSeenByVerdict[verdictIndex] = time;
    this.keepSample(edge, verdictIndex, flow);

    if (from.reserved === "world") this.noteDnsNames(from, time);
    if (to.reserved === "world") this.noteDnsNames(to, time);
  }

  /** Drops edges not seen within the retention before `now`. */
  expire(now: number): void {
    const cutoff = now - this.options.retentionMs;
    // The list is in order of last touch, which follows time closely enough: an edge touched
    // late by an old flow may shield a few older ones, which the window hides and the cap bounds.
    while (this.oldestEdge && this.oldestEdge.lastSeen < cutoff) this.removeEdge(this.oldestEdge);
    for (const [name, seen] of this.worldDnsNames) {
      if (seen >= cutoff) break;
      this.worldDnsNames.delete(name);
    }
  }

  snapshot(now: number, windowMs: number, filter: GraphFilter = {}): GraphSnapshot {
    const window = clampGraphWindow(windowMs);
    const from = now - window;
    const namespaces = filter.namespaces && filter.namespaces.length > 0 ? new Set(filter.namespaces) : null;
    const verdicts = filter.verdicts && filter.verdicts.length > 0 ? filter.verdicts : null;
    const nodes = new Map<string, GraphNodeView>();
    const edges: GraphEdgeView[] = [];

    for (let edge = this.newestEdge; edge; edge = edge.older) {
      if (edge.lastSeen < from) continue;
      if (namespaces && !touchesNamespace(edge, namespaces)) continue;
      const counts = edge.tally.sum(now, window);
      const failures = l7FailureCounts(edge, now, window);
      const empty = Object.keys(counts).length === 0 && failures === undefined;
      if (verdicts ? !verdicts.some((v) => counts[v]) : empty) continue;
      const view = this.edgeView(edge, counts, from, now);
      if (failures) view.l7Failures = failures;
      edges.push(view);
      addTally(this.nodeView(nodes, edge.source, from).counts, counts);
      if (edge.target !== edge.source) addTally(this.nodeView(nodes, edge.target, from).counts, counts);
    }

    return {
      now,
      windowMs: window,
      nodes: [...nodes.values()].sort((a, b) => compareIds(a.id, b.id)),
      edges: edges.sort((a, b) => compareIds(a.id, b.id)),
      stats: { ...this.stats },
    };
  }

  /** What the graph holds right now, to check the bounds. */
  size(): {
    namespaceNodes: number;
    edges: number;
    retainedSamples: number;
    worldDnsNames: number;
    /** Counter blocks the edges' tallies hold. */
    tallyBlocks: number;
  } {
    let retainedSamples = 0;
    for (let edge = this.newestEdge; edge; edge = edge.older) {
      for (const ring of edge.samples) for (const flow of ring ?? []) if (flow) retainedSamples++;
    }
    return {
      namespaceNodes: this.namespaceNodes.size,
      edges: this.edgeCount,
      retainedSamples,
      worldDnsNames: this.worldDnsNames.size,
      tallyBlocks: this.tallies.used,
    };
  }

  private nodeFor(peer: FlowPeer): NodeEntry {
    // A pod keeps its namespace even under a reserved identity (node-local DNS on the host network).
    const reserved = peer.namespace !== null && peer.pod !== null ? null : peer.reserved;
    switch (reserved) {
      case "unmanaged":
      case "init":
      case "world":
      case "kube-apiserver":
      case "host":
      case "remote-node":
      case "health":
      case "ingress":
        return this.specialNodes[reserved];
    }
    const namespace = peer.namespace;
    if (!namespace) return this.specialNodes.unknown;
    const node = this.namespaceNodes.get(namespace);
    if (node) return node;
    if (this.namespaceNodes.size >= this.options.maxNamespaceNodes) {
      this.stats.flowsInOtherNamespaces++;
      return this.specialNodes["other-namespaces"];
    }
    const created: NodeEntry = {
      id: namespaceNodeId(namespace),
      kind: "namespace",
      namespace,
      edgeCount: 0,
      outgoing: new Map(),
    };
    this.namespaceNodes.set(namespace, created);
    return created;
  }

  private edgeFor(
    source: NodeEntry,
    target: NodeEntry,
    port: EdgePort,
    protocol: FlowProtocol | null,
    direction: EdgeDirection,
    time: number,
  ): EdgeEntry {
    const protocolIndex =
      protocol === null ? NO_PROTOCOL_INDEX : (PROTOCOL_INDEX[protocol] ?? NO_PROTOCOL_INDEX);
    const directionIndex = DIRECTION_INDEX[direction] ?? DIRECTION_INDEX.unknown;
    let pair = source.outgoing.get(target);
    if (!pair) {
      pair = new Map();
      source.outgoing.set(target, pair);
    }
    let key = edgeKey(portKey(port), protocolIndex, directionIndex);
    let edge = pair.get(key);
    if (edge) {
      this.touch(edge);
      return edge;
    }
    let edgePort: EdgePort = port;
    if (pair.size >= this.options.maxEdgesPerPeerPair) {
      key = edgeKey(OTHER_PORT_KEY, protocolIndex, directionIndex);
      edgePort = "other";
      edge = pair.get(key);
      if (edge) {
        this.touch(edge);
        return edge;
      }
    }
    edge = {
      id: edgeId(source.id, target.id, protocol, edgePort, direction),
      source,
      target,
      key,
      port: edgePort,
      protocol,
      direction,
      firstSeen: time,
      lastSeen: time,
      lastSeenByVerdict: new Array<number>(VERDICTS.length).fill(-Infinity),
      tally: new WindowedTally(this.tallies),
      l7Failures: null,
      samples: new Array<undefined>(VERDICTS.length).fill(undefined),
      newer: null,
      older: null,
    };
    pair.set(key, edge);
    source.edgeCount++;
    target.edgeCount++;
    this.edgeCount++;
    this.touch(edge);
    // Evict after linking the new edge: it is the newest, so removing the oldest cannot detach
    // the node or pair it was just added to.
    while (this.edgeCount > this.options.maxEdges && this.oldestEdge && this.oldestEdge !== edge) {
      this.removeEdge(this.oldestEdge);
      this.stats.edgesEvicted++;
    }
    return edge;
  }

  private touch(edge: EdgeEntry): void {
    if (this.newestEdge === edge) return;
    this.unlink(edge);
    edge.older = this.newestEdge;
    if (this.newestEdge) this.newestEdge.newer = edge;
    this.newestEdge = edge;
    if (!this.oldestEdge) this.oldestEdge = edge;
  }

  private unlink(edge: EdgeEntry): void {
    if (edge.newer) edge.newer.older = edge.older;
    else if (this.newestEdge === edge) this.newestEdge = edge.older;
    if (edge.older) edge.older.newer = edge.newer;
    else if (this.oldestEdge === edge) this.oldestEdge = edge.newer;
    edge.newer = null;
    edge.older = null;
  }

  private removeEdge(edge: EdgeEntry): void {
    this.unlink(edge);
    edge.tally.release();
    edge.l7Failures?.release();
    const pair = edge.source.outgoing.get(edge.target);
    pair?.delete(edge.key);
    if (pair?.size === 0) edge.source.outgoing.delete(edge.target);
    this.edgeCount--;
    this.release(edge.source);
    this.release(edge.target);
  }

  private release(node: NodeEntry): void {
    node.edgeCount--;
    if (node.edgeCount === 0 && node.namespace !== null) this.namespaceNodes.delete(node.namespace);
  }

  private keepSample(edge: EdgeEntry, verdictIndex: number, flow: Flow): void {
    const capacity =
      verdictIndex === DROPPED_INDEX ? this.options.dropSamplesPerEdge : this.options.samplesPerVerdict;
    if (capacity <= 0) return;
    const ring = (edge.samples[verdictIndex] ??= new Array<Flow | undefined>(capacity).fill(undefined));
    for (let i = 1; i < capacity; i++) ring[i - 1] = ring[i];
    ring[capacity - 1] = flow;
  }

  private noteDnsNames(peer: FlowPeer, time: number): void {
    for (const name of peer.dnsNames) {
      // Re-inserting keeps the map in order of last sighting, oldest first, for cheap trimming.
      this.worldDnsNames.delete(name);
      this.worldDnsNames.set(name, time);
    }
    while (this.worldDnsNames.size > this.options.maxWorldDnsNames) {
      const oldest = this.worldDnsNames.keys().next();
      if (oldest.done) break;
      this.worldDnsNames.delete(oldest.value);
    }
  }

  private edgeView(edge: EdgeEntry, counts: VerdictTally, from: number, now: number): GraphEdgeView {
    const lastSeenByVerdict: Partial<Record<Verdict, number>> = {};
    for (const verdict of Object.keys(counts) as Verdict[]) {
      const seen = edge.lastSeenByVerdict[VERDICT_INDEX[verdict]]!;
      if (seen >= from) lastSeenByVerdict[verdict] = seen;
    }
    return {
      id: edge.id,
      source: edge.source.id,
      target: edge.target.id,
      port: edge.port,
      protocol: edge.protocol,
      direction: edge.direction,
      counts,
      firstSeen: edge.firstSeen,
      lastSeen: edge.lastSeen,
      lastSeenByVerdict,
      samples: this.samplesInWindow(edge, from, now),
    };
  }

  private samplesInWindow(edge: EdgeEntry, from: number, now: number): Flow[] {
    const inWindow = (flow: Flow) => flow.time >= from && flow.time <= now;
    const newestFirst = (a: Flow, b: Flow) => b.time - a.time;
    const inRing = (ring: (Flow | undefined)[] | undefined) =>
      (ring ?? []).filter((flow): flow is Flow => flow !== undefined && inWindow(flow));
    const drops = inRing(edge.samples[DROPPED_INDEX]).sort(newestFirst);
    const others = edge.samples
      .filter((_, index) => index !== DROPPED_INDEX)
      .flatMap(inRing)
      .sort(newestFirst);
    return [...drops, ...others].slice(0, this.options.samplesPerEdgeView);
  }

  private nodeView(nodes: Map<string, GraphNodeView>, node: NodeEntry, from: number): GraphNodeView {
    let view = nodes.get(node.id);
    if (view) return view;
    view = {
      id: node.id,
      kind: node.kind,
      label: node.namespace ?? SPECIAL_NODE_LABELS[node.kind as SpecialNodeKind],
      namespace: node.namespace,
      counts: {},
    };
    if (node.kind === "world") {
      view.dnsNames = [...this.worldDnsNames]
        .filter(([, seen]) => seen >= from)
        .sort(([nameA, seenA], [nameB, seenB]) => seenB - seenA || compareIds(nameA, nameB))
        .map(([name]) => name);
    }
    nodes.set(node.id, view);
    return view;
  }
}

function portKey(port: EdgePort): number {
  if (port === "none") return NO_PORT_KEY;
  if (port === "other") return OTHER_PORT_KEY;
  if (port === "unknown") return UNKNOWN_PORT_KEY;
  return port + 1;
}

function edgeKey(portKey: number, protocolIndex: number, directionIndex: number): number {
  return (portKey * 6 + protocolIndex) * 3 + directionIndex;
}

function l7FailureCounts(
  edge: EdgeEntry,
  now: number,
  window: number,
): Partial<Record<L7FailureKind, number>> | undefined {
  if (!edge.l7Failures) return undefined;
  let counts: Partial<Record<L7FailureKind, number>> | undefined;
  edge.l7Failures.sumRows(now, window).forEach((n, index) => {
    if (n > 0) (counts ??= {})[L7_FAILURE_KINDS[index]!] = n;
  });
  return counts;
}

function touchesNamespace(edge: EdgeEntry, namespaces: ReadonlySet<string>): boolean {
  return (
    (edge.source.namespace !== null && namespaces.has(edge.source.namespace)) ||
    (edge.target.namespace !== null && namespaces.has(edge.target.namespace))
  );
}

function addTally(into: VerdictTally, more: VerdictTally): void {
  for (const [verdict, n] of Object.entries(more) as [Verdict, number][])
    into[verdict] = (into[verdict] ?? 0) + n;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
