import type { FlowFilterJson } from "@/lib/hubble/flow-filter";
import type { FlowsEntry } from "./flow-row";

/** GET /api/flows: the newest matching flows, oldest first, as `hubble observe --last N` prints them. */
export interface FlowsResponse {
  now: number;
  /** The `hubble observe` command asking the relay for the same flows. */
  command: string;
  /** What was sent to the relay. */
  whitelist: FlowFilterJson[];
  blacklist: FlowFilterJson[];
  flows: FlowsEntry[];
  /** Flows the relay sent for this request (more than `flows` only when it ignored a filter). */
  relayFlows: number;
  /** The relay had more matching flows than `--last` asked for. */
  truncated: boolean;
  /**
   * The time of the oldest flow the relay still holds (RFC 3339), when the flows were asked since
   * an earlier time: the relay holds nothing before it (overwritten, or never recorded).
   */
  bufferFrom: string | null;
}
