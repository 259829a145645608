import "server-only";
import type { StoredFlow } from "./flow-ring";

// Writes one GetFlows response stream: the history, then live flows as they come. It writes only
// while the transport accepts more; a follower that falls behind by more than `maxQueued` flows
// loses the excess and is told how many with a lost_events response, as Hubble's ring buffer does,
// so a slow client never makes the relay's memory grow.

/** The part of a grpc-js server stream (a Node Writable) that the writer uses. */
export interface ResponseSink {
  write(response: object): boolean;
  once(event: "drain", listener: () => void): unknown;
  end(): unknown;
}

export interface GetFlowsResponses {
  flow(stored: StoredFlow): object;
  lost(count: number): object;
}

type Queued = { kind: "flow"; stored: StoredFlow } | { kind: "lost"; count: number };

export class GetFlowsStream {
  private history: readonly StoredFlow[];
  private historyIndex = 0;
  private readonly queue: Queued[] = [];
  private queuedFlows = 0;
  private pendingLost = 0;
  private waitingForDrain = false;
  private finishing = false;
  private closed = false;

  constructor(
    private readonly sink: ResponseSink,
    private readonly responses: GetFlowsResponses,
    private readonly maxQueued: number,
    history: readonly StoredFlow[],
    private readonly onEnded: () => void = () => {},
  ) {
    this.history = history;
  }

  /** Starts writing the history. */
  start(): void {
    this.pump();
  }

  /** Queues a live flow, or counts it lost when the follower is too far behind. */
  offer(stored: StoredFlow): void {
    if (this.closed || this.finishing) return;
    if (this.queuedFlows >= this.maxQueued) {
      this.pendingLost += 1;
      return;
    }
    this.queueLost();
    this.queue.push({ kind: "flow", stored });
    this.queuedFlows += 1;
    this.pump();
  }

  /** Ends the stream once everything queued so far is written. */
  finish(): void {
    if (this.closed || this.finishing) return;
    this.queueLost();
    this.finishing = true;
    this.pump();
  }

  /** Stops writing at once, e.g. when the client cancelled; nothing more is sent. */
  close(): void {
    this.closed = true;
    this.history = [];
    this.queue.length = 0;
  }

  private queueLost(): void {
    if (this.pendingLost === 0) return;
    this.queue.push({ kind: "lost", count: this.pendingLost });
    this.pendingLost = 0;
  }

  private next(): object | undefined {
    const stored = this.history[this.historyIndex];
    if (stored) {
      this.historyIndex += 1;
      return this.responses.flow(stored);
    }
    this.history = [];
    const queued = this.queue.shift();
    if (!queued) return undefined;
    if (queued.kind === "lost") return this.responses.lost(queued.count);
    this.queuedFlows -= 1;
    return this.responses.flow(queued.stored);
  }

  private pump(): void {
    while (!this.closed && !this.waitingForDrain) {
      const response = this.next();
      if (response === undefined) {
        if (this.finishing) {
          this.closed = true;
          this.sink.end();
          this.onEnded();
        }
        return;
      }
      if (!this.sink.write(response)) {
        this.waitingForDrain = true;
        this.sink.once("drain", () => {
          this.waitingForDrain = false;
          this.pump();
        });
      }
    }
  }
}
