import { VERDICTS, type Flow, type FlowProtocol, type Verdict } from "./flow";

// Flows kept column-wise, by slot: numbers and small enumerations in typed arrays, everything else
// (peers, flag lists, policy lists, node names, summaries: objects and strings the decoder already
// shares between flows) as one reference per column. A flow held costs about a hundred bytes and
// its id, not an object of twenty fields, and a flow taken in is not kept alive by whoever holds
// it, so it dies young instead of being promoted and collected later. Flows are rebuilt on reading.

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

function grown<T extends Float64Array | Uint8Array | Int32Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/**
 * Slots holding one flow each. With a fixed capacity the caller picks the slot (a ring); a
 * growable store hands slots out (allocate) and takes them back (release), growing its columns
 * by doubling when every slot is taken.
 */
export class FlowColumns {
  private readonly ids: string[];
  private times: Float64Array;
  private verdicts: Uint8Array;
  private directions: Uint8Array;
  private replies: Uint8Array;
  private protocols: Uint8Array;
  private sourcePorts: Int32Array;
  private destinationPorts: Int32Array;
  private readonly dropReasons: (string | null)[];
  private readonly sources: (Flow["source"] | undefined)[];
  private readonly destinations: (Flow["destination"] | undefined)[];
  private readonly tcpFlags: Flow["tcpFlags"][];
  private readonly eventTypes: Flow["eventType"][];
  private readonly observationPoints: (string | null)[];
  private readonly l7s: Flow["l7"][];
  private readonly nodes: string[];
  private readonly policies: (Flow["policies"] | undefined)[];
  private readonly policyLogs: Flow["policyLog"][];
  private readonly summaries: string[];
  private capacity: number;
  /** Slots handed out so far by allocate(), released ones included. */
  private handedOut = 0;
  private readonly free: number[] = [];

  constructor(
    capacity: number,
    private readonly growable = false,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    this.capacity = capacity;
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

  /** Slots allocated and not released. */
  get used(): number {
    return this.handedOut - this.free.length;
  }

  /** A slot to write a flow into: a released one first, else the next, growing when growable. */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.handedOut === this.capacity) {
      if (!this.growable) throw new Error("every slot is taken");
      this.grow(this.capacity * 2);
    }
    return this.handedOut++;
  }

  /** Gives a slot back; the flow it held is let go. */
  release(slot: number): void {
    this.forget(slot);
    this.free.push(slot);
  }

  write(at: number, flow: Flow): void {
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
  }

  time(at: number): number {
    return this.times[at]!;
  }

  /** The flow held at slot `at`, rebuilt with the decoder's field order (one object shape for all flows). */
  read(at: number): Flow {
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

  /** Drops the references a slot holds (the numbers need no clearing). */
  private forget(at: number): void {
    this.ids[at] = "";
    this.dropReasons[at] = null;
    this.sources[at] = undefined;
    this.destinations[at] = undefined;
    this.l7s[at] = null;
    this.policies[at] = undefined;
  }

  private grow(capacity: number): void {
    this.times = grown(this.times, capacity);
    this.verdicts = grown(this.verdicts, capacity);
    this.directions = grown(this.directions, capacity);
    this.replies = grown(this.replies, capacity);
    this.protocols = grown(this.protocols, capacity);
    this.sourcePorts = grown(this.sourcePorts, capacity);
    this.destinationPorts = grown(this.destinationPorts, capacity);
    // Arrays of references grow as they are written.
    this.capacity = capacity;
  }
}
