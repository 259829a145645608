import { parseTimestamp } from "@/lib/hubble/timestamp";
import { flowKey, type FlowsEntry } from "./flow-row";

// Following a view by polling: each poll asks for the flows since the newest one held (the
// relay's `since` is inclusive, so that flow's millisecond comes again) and the answer is merged
// in, replays dropped, keeping the newest `last`.

/** The time to poll from: the newest held flow's, or null before the first answer. */
export function resumeTime(entries: readonly FlowsEntry[]): string | null {
  return entries.length === 0 ? null : entries[entries.length - 1]!.flow.time;
}

function byTime(a: FlowsEntry, b: FlowsEntry): number {
  const x = parseTimestamp(a.flow.time) ?? { seconds: 0, nanos: 0 };
  const y = parseTimestamp(b.flow.time) ?? { seconds: 0, nanos: 0 };
  return x.seconds - y.seconds || x.nanos - y.nanos;
}

/** `held` and `incoming` (each oldest first) as one list, oldest first, without repeats, the newest `last`. */
export function mergeFlowEntries(
  held: readonly FlowsEntry[],
  incoming: readonly FlowsEntry[],
  last: number,
): FlowsEntry[] {
  const seen = new Set(held.map((entry) => flowKey(entry.flow)));
  const fresh = incoming.filter((entry) => {
    const key = flowKey(entry.flow);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return held.length > last ? held.slice(held.length - last) : [...held];
  const merged = [...held, ...fresh];
  // Nodes' flows interleave: a poll may carry a flow older than the newest held.
  merged.sort(byTime);
  return merged.length > last ? merged.slice(merged.length - last) : merged;
}
