import { VERDICTS, type Flow, type FlowProtocol, type Verdict } from "./flow";

// The ring keeps its flows column-wise: numbers and small enumerations in typed arrays, everything
// else (peers, flag lists, policy lists, node names, summaries: objects and strings the decoder
// already shares between flows) as one reference per column. A flow held costs about a hundred
// bytes and its id, not an object of twenty fields, and a flow taken in is not kept alive by the
// ring, so it dies young instead of being promoted and collected later. Flows are rebuilt on reading.

const VERDICT_INDEX = new Map<Verdict, number>(VERDICTS.map((verdict, index) => [verdict, index]));
const DIRECTIONS: readonly Flow["direction"][] = ["ingress", "egress", "unknown"];
const PROTOCOLS: readonly FlowProtocol[] = ["TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6"];
const NO_PROTOCOL = 255;
const NO_PORT = -1;
/** isReply and replyInferred in one byte: bits 0-1 isReply (0 null, 1 false, 2 true), bits 2-3 replyInferred likewise (0 absent). */
const REPLY_BITS = 2;

function triState(value: boolean | null | undefined): number {
  return value === undefined || value === null ? 0 : value ? 2 : 1;
}

function fromTriState(bits: number): boolean | null {
  return bits === 0 ? null : bits === 2;
}

/** The last `capacity` flows pushed, in a fixed-size ring: memory does not grow with traffic. */
export class RecentFlows {
  private readonly ids: string[];
  private readonly times: Float64Array;
  private readonly verdicts: Uint8Array;
  private readonly directions: Uint8Array;
  private readonly replies: Uint8Array;
  private readonly protocols: Uint8Array;
  private readonly sourcePorts: Int32Array;
  private readonly destinationPorts: Int32Array;
  private readonly dropReasons: (string | null)[];
  private readonly sources: Flow["source"][];
  private readonly destinations: Flow["destination"][];
  private readonly tcpFlags: Flow["tcpFlags"][];
  private readonly eventTypes: Flow["eventType"][];
  private readonly observationPoints: (string | null)[];
  private readonly l7s: Flow["l7"][];
  private readonly nodes: string[];
  private readonly policies: Flow["policies"][];
  private readonly policyLogs: Flow["policyLog"][];
  private readonly summaries: string[];
  private next = 0;
  private stored = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    const references = <T>() => new Array<T>(capacity);
    this.ids = references();
    this.times = new Float64Array(capacity);
    this.verdicts = new Uint8Array(capacity);
    this.directions = new Uint8Array(capacity);
    this.replies = new Uint8Array(capacity);
    this.protocols = new Uint8Array(capacity);
    this.sourcePorts = new Int32Array(capacity);
    this.destinationPorts = new Int32Array(capacity);
    this.dropReasons = references();
    this.sources = references();
    this.destinations = references();
    this.tcpFlags = references();
    this.eventTypes = references();
    this.observationPoints = references();
    this.l7s = references();
    this.nodes = references();
    this.policies = references();
    this.policyLogs = references();
    this.summaries = references();
  }

  push(flow: Flow): void {
    const at = this.next;
    this.ids[at] = flow.id;
    this.times[at] = flow.time;
    this.verdicts[at] = VERDICT_INDEX.get(flow.verdict) ?? 0;
    const direction = DIRECTIONS.indexOf(flow.direction);
    this.directions[at] = direction < 0 ? 2 : direction;
    this.replies[at] = triState(flow.isReply) | (triState(flow.replyInferred) << REPLY_BITS);
    const protocol = flow.protocol === null ? -1 : PROTOCOLS.indexOf(flow.protocol);
    this.protocols[at] = protocol < 0 ? NO_PROTOCOL : protocol;
    this.sourcePorts[at] = flow.sourcePort ?? NO_PORT;
    this.destinationPorts[at] = flow.destinationPort ?? NO_PORT;
    this.dropReasons[at] = flow.dropReason;
    this.sources[at] = flow.source;
    this.destinations[at] = flow.destination;
    this.tcpFlags[at] = flow.tcpFlags;
    this.eventTypes[at] = flow.eventType;
    this.observationPoints[at] = flow.observationPoint;
    this.l7s[at] = flow.l7;
    this.nodes[at] = flow.node;
    this.policies[at] = flow.policies;
    this.policyLogs[at] = flow.policyLog;
    this.summaries[at] = flow.summary;
    this.next = (at + 1) % this.capacity;
    if (this.stored < this.capacity) this.stored += 1;
  }

  get size(): number {
    return this.stored;
  }

  /** Whether older flows have been pushed out (the ring no longer holds everything it was given). */
  get full(): boolean {
    return this.stored === this.capacity;
  }

  /** The oldest flow still held. */
  oldest(): Flow | undefined {
    if (this.stored === 0) return undefined;
    return this.flowAt(this.start());
  }

  /** Flows with time >= `from`, oldest first. */
  since(from: number): Flow[] {
    const result: Flow[] = [];
    const start = this.start();
    for (let i = 0; i < this.stored; i += 1) {
      const at = (start + i) % this.capacity;
      if (this.times[at]! >= from) result.push(this.flowAt(at));
    }
    return result;
  }

  private start(): number {
    return (this.next - this.stored + this.capacity) % this.capacity;
  }

  /** The flow held at slot `at`, rebuilt with the decoder's field order (one object shape for all flows). */
  private flowAt(at: number): Flow {
    const replies = this.replies[at]!;
    const protocol = this.protocols[at]!;
    const sourcePort = this.sourcePorts[at]!;
    const destinationPort = this.destinationPorts[at]!;
    const flow: Flow = {
      id: this.ids[at]!,
      time: this.times[at]!,
      verdict: VERDICTS[this.verdicts[at]!]!,
      dropReason: this.dropReasons[at]!,
      direction: DIRECTIONS[this.directions[at]!]!,
      isReply: fromTriState(replies & 3),
      source: this.sources[at]!,
      destination: this.destinations[at]!,
      protocol: protocol === NO_PROTOCOL ? null : PROTOCOLS[protocol]!,
      sourcePort: sourcePort === NO_PORT ? null : sourcePort,
      destinationPort: destinationPort === NO_PORT ? null : destinationPort,
      tcpFlags: this.tcpFlags[at]!,
      eventType: this.eventTypes[at]!,
      observationPoint: this.observationPoints[at]!,
      l7: this.l7s[at]!,
      node: this.nodes[at]!,
      policies: this.policies[at]!,
      policyLog: this.policyLogs[at]!,
      summary: this.summaries[at]!,
    };
    const inferred = fromTriState(replies >> REPLY_BITS);
    if (inferred !== null) flow.replyInferred = inferred;
    return flow;
  }
}
