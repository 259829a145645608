import type { Flow } from "./flow";
import { DEFAULT_CONVERSATION_CAPACITY, ReplyInference } from "./reply-inference";
import { DEFAULT_REPEATED_EVENTS_CAPACITY, RepeatedEvents } from "./repeated-events";

export interface FlowIngestOptions {
  /** Connections remembered to recognise replies. */
  conversations: number;
  /** Recent packets remembered to recognise a second report of one. */
  packets: number;
}

export interface FlowIngestStats {
  /** Flows let through to the views. */
  accepted: number;
  /** Second reports of a packet already counted (a policy verdict and a trace of one packet). */
  repeats: number;
  /** Flows without `is_reply` whose role was inferred. */
  rolesInferred: number;
  /** Flows whose role nothing could tell. */
  rolesUnknown: number;
}

/**
 * What every flow passes through before the graph, the counts and the drop lists see it, the same
 * for the relay's stream and for replayed captures: its role within the connection is filled in
 * where the relay left it out, and a second report of a packet already counted is held back.
 */
export class FlowIngest {
  private readonly replies: ReplyInference;
  private readonly repeats: RepeatedEvents;
  private readonly counts: FlowIngestStats = { accepted: 0, repeats: 0, rolesInferred: 0, rolesUnknown: 0 };

  constructor(options: Partial<FlowIngestOptions> = {}) {
    this.replies = new ReplyInference(options.conversations ?? DEFAULT_CONVERSATION_CAPACITY);
    this.repeats = new RepeatedEvents(options.packets ?? DEFAULT_REPEATED_EVENTS_CAPACITY);
  }

  /** The flow to count (its role filled in), or null when it repeats a packet already counted. */
  accept(flow: Flow): Flow | null {
    const reported = flow.isReply !== null;
    const role = this.replies.classify(flow);
    if (this.repeats.isRepeat(flow)) {
      this.counts.repeats++;
      return null;
    }
    if (!reported) {
      if (role === "unknown") this.counts.rolesUnknown++;
      else this.counts.rolesInferred++;
    }
    this.counts.accepted++;
    return flow;
  }

  stats(): FlowIngestStats {
    return { ...this.counts };
  }
}
